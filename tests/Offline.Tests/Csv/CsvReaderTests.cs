using BanditServe.Offline.Csv;

namespace BanditServe.Offline.Tests.Csv;

public sealed class CsvReaderTests
{
    [Fact]
    public void Logged_feedback_is_read_with_context_columns_in_order()
    {
        const string text = "x1,round,position,action,reward,pscore,x0,note\n0.5,r1,0,item-a,1,0.25,0.1,hello\n0.7,r1,1,item-b,0,0.5,0.2,\"x,y\"\n";

        var logs = LoggedFeedbackCsv.Read(new StringReader(text), "logs.csv");

        Assert.Equal(2, logs.Count);
        Assert.Equal(2, logs.ContextDimension);
        Assert.Equal([0.1, 0.5], logs.Context(0).ToArray());
        Assert.Equal([0.2, 0.7], logs.Context(1).ToArray());
        Assert.Equal(["item-a", "item-b"], logs.Actions);
        Assert.Equal([0, 1], logs.Positions);
        Assert.Equal([0.25, 0.5], logs.Propensities);
        Assert.Equal(3, logs.SourceLines![1]);
    }

    [Theory]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1,0\n", "line 2, column 'pscore'")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1,0.5\nr2,-1,a,1,0.5\n", "line 3, column 'position'")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,abc,0.5\n", "line 2, column 'reward'")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1,0.5\nr2,0,a,NaN,0.5\n", "line 3, column 'reward': 'NaN' is not a finite number")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1,1.0001\n", "line 2, column 'pscore'")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1\n", "line 2: 4 fields")]
    [InlineData("round,position,action,pscore\nr1,0,a,0.5\n", "required column 'reward'")]
    [InlineData("round,position,action,reward,pscore,x0,x2\nr1,0,a,1,0.5,1,2\n", "x1 is missing")]
    [InlineData("round,position,action,reward,pscore\nr1,0,a,1,0.5\nr1,0,b,1,0.5\n", "logged twice")]
    public void Malformed_logs_are_refused_naming_line_and_column(string text, string expected)
    {
        var error = Assert.Throws<CsvFormatException>(() => LoggedFeedbackCsv.Read(new StringReader(text), "logs.csv"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("logs.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_rows_are_grouped_by_round_and_position()
    {
        const string text = "round,position,action,prob\nr1,0,a,0.25\nr1,0,b,0.75\nr1,1,a,1\n";

        var policy = EvaluationPolicyCsv.Read(new StringReader(text), "policy.csv");

        Assert.Equal(2, policy.Count);
        Assert.True(policy.TryGet(new("r1", 0), out var first));
        Assert.Equal(0.75, first.ProbabilityOf("b"));
        Assert.Equal(0, first.ProbabilityOf("never-listed"));
    }

    [Fact]
    public void Policy_probabilities_that_do_not_sum_to_one_are_refused_naming_the_round()
    {
        const string text = "round,position,action,prob\nr1,0,a,0.25\nr2,0,a,1\nr1,0,b,0.5\n";

        var error = Assert.Throws<CsvFormatException>(() => EvaluationPolicyCsv.Read(new StringReader(text), "policy.csv"));

        Assert.Contains("line 2, column 'prob'", error.Message, StringComparison.Ordinal);
        Assert.Contains("round 'r1' position 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reward_model_rows_are_keyed_by_round_position_and_action()
    {
        const string text = "round,position,action,qhat\nr1,0,a,0.6\nr1,0,b,0.5\n";

        var table = RewardModelCsv.Read(new StringReader(text), "q.csv");

        Assert.True(table.TryGet(new("r1", 0), "b", out var q));
        Assert.Equal(0.5, q);
        Assert.False(table.TryGet(new("r1", 1), "b", out _));
    }

    [Fact]
    public void Duplicate_reward_model_rows_are_refused()
    {
        const string text = "round,position,action,qhat\nr1,0,a,0.6\nr1,0,a,0.5\n";

        var error = Assert.Throws<CsvFormatException>(() => RewardModelCsv.Read(new StringReader(text), "q.csv"));

        Assert.Contains("line 3, column 'action'", error.Message, StringComparison.Ordinal);
    }
}
