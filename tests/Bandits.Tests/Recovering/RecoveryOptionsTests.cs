using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

public sealed class RecoveryOptionsTests
{
    [Theory]
    [InlineData(nameof(RecoveryOptions.PeriodSeconds), 0)]
    [InlineData(nameof(RecoveryOptions.SlotsPerPeriod), 0)]
    [InlineData(nameof(RecoveryOptions.SlotsPerPeriod), 101)]
    [InlineData(nameof(RecoveryOptions.MaxIdlePeriods), 0)]
    [InlineData(nameof(RecoveryOptions.DefaultReward), double.NaN)]
    [InlineData(nameof(RecoveryOptions.MaxReward), 0)]
    [InlineData(nameof(RecoveryOptions.HistoryPeriods), 49)]
    public void Validate_names_the_field_that_is_out_of_range(string field, double value)
    {
        var valid = new RecoveryOptions();
        RecoveryOptions options = field switch
        {
            nameof(RecoveryOptions.PeriodSeconds) => valid with { PeriodSeconds = (int)value },
            nameof(RecoveryOptions.SlotsPerPeriod) => valid with { SlotsPerPeriod = (int)value },
            nameof(RecoveryOptions.MaxIdlePeriods) => valid with { MaxIdlePeriods = (int)value },
            nameof(RecoveryOptions.DefaultReward) => valid with { DefaultReward = value },
            nameof(RecoveryOptions.MaxReward) => valid with { MaxReward = value },
            _ => valid with { HistoryPeriods = (int)value },
        };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_and_match_the_api_contract()
    {
        var options = new RecoveryOptions();

        options.Validate();

        Assert.Equal((60, 3, 50, false, 0.0), (options.PeriodSeconds, options.SlotsPerPeriod, options.MaxIdlePeriods, options.AllowClientClock, options.DefaultReward));
    }

    [Fact]
    public void Policy_with_invalid_options_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RecoveringPeriodicPolicy(new RecoveryOptions(SlotsPerPeriod: -1), 1));
    }
}
