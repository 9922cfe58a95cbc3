using BanditServe.Offline.Logs;
using BanditServe.Offline.RewardModel;

namespace BanditServe.Offline.Tests.RewardModel;

public sealed class CrossFittedRidgeRewardModelTests
{
    [Fact]
    public void Predictions_recover_a_linear_reward_per_action()
    {
        var logs = LinearLogs(seed: 3, n: 3000, noise: 0.0);

        var model = CrossFittedRidgeRewardModel.Fit(logs, new RidgeRewardModelOptions { Ridge = 1e-3 });

        for (var row = 0; row < 50; row++)
        {
            var x = logs.Context(row)[0];
            Assert.Equal(0.2 + (0.5 * x), model.Predict(row, "a"), 1e-3);
            Assert.Equal(0.8 - (0.3 * x), model.Predict(row, "b"), 1e-3);
        }
    }

    [Fact]
    public void No_row_is_scored_by_a_model_trained_on_it()
    {
        var logs = LinearLogs(seed: 4, n: 600, noise: 0.1);
        var changed = LinearLogs(seed: 4, n: 600, noise: 0.1);
        const int row = 10;
        changed.Rewards[row] += 100;

        var original = CrossFittedRidgeRewardModel.Fit(logs);
        var perturbed = CrossFittedRidgeRewardModel.Fit(changed);

        Assert.Equal(3, original.Folds);
        Assert.Equal(original.Predict(row, logs.Actions[row]), perturbed.Predict(row, logs.Actions[row]), 1e-12);
        var otherFoldRow = Enumerable.Range(0, logs.Count).First(i => original.FoldOf(i) != original.FoldOf(row) && logs.Actions[i] == logs.Actions[row]);
        Assert.NotEqual(original.Predict(otherFoldRow, logs.Actions[row]), perturbed.Predict(otherFoldRow, logs.Actions[row]), 6);
    }

    [Fact]
    public void An_action_without_training_rows_predicts_the_training_mean_reward()
    {
        var logs = LinearLogs(seed: 5, n: 300, noise: 0.1);

        var model = CrossFittedRidgeRewardModel.Fit(logs, new RidgeRewardModelOptions { Folds = 1 });

        Assert.Equal(logs.Rewards.Average(), model.Predict(0, "never-logged"), 1e-12);
    }

    /// <summary>Two actions, one context column x ~ U(0,1): r(a) = 0.2 + 0.5x, r(b) = 0.8 − 0.3x, plus noise.</summary>
    internal static LoggedFeedback LinearLogs(int seed, int n, double noise)
    {
        var random = new Random(seed);
        var rounds = new string[n];
        var positions = new int[n];
        var actions = new string[n];
        var rewards = new double[n];
        var propensities = new double[n];
        var contexts = new double[n];
        for (var i = 0; i < n; i++)
        {
            var x = random.NextDouble();
            var a = random.NextDouble() < 0.5 ? "a" : "b";
            rounds[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            actions[i] = a;
            contexts[i] = x;
            rewards[i] = (a == "a" ? 0.2 + (0.5 * x) : 0.8 - (0.3 * x)) + (noise * (random.NextDouble() - 0.5));
            propensities[i] = 0.5;
        }

        return new LoggedFeedback(rounds, positions, actions, rewards, propensities, contexts, 1);
    }
}
