using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

public sealed class BalancedOffsetsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Offsets_of_the_random_reference_instances_match_the_script(int instance)
    {
        int[] periods = ReferenceInstances.RandomPeriods[instance];

        // The script balances over lcm(1..d_max) = 12; lcm of the distinct periods gives the same choice.
        int window = BalancedOffsets.Window(periods, 4);
        int[] phases = BalancedOffsets.Assign(periods, 2, window, []);

        Assert.Equal(ReferenceInstances.RandomOffsets[instance], phases);
        Assert.Equal(phases, BalancedOffsets.Assign(periods, 2, 12, []));
    }

    [Fact]
    public void O2_three_arms_of_period_three_form_a_round_robin()
    {
        Assert.Equal([0, 1, 2], BalancedOffsets.Assign([3, 3, 3], 1, 3, []));
    }

    [Fact]
    public void Kept_phases_stay_and_the_others_fill_around_them()
    {
        int[] phases = BalancedOffsets.Assign([2, 2], 1, 2, [0, -1]);
        int[] shifted = BalancedOffsets.Assign([2, 2], 1, 2, [-1, 0]);

        Assert.Equal([0, 1], phases);
        Assert.Equal([1, 0], shifted);
    }

    [Fact]
    public void Window_is_the_lcm_of_the_periods_or_four_times_the_idle_range_when_too_long()
    {
        Assert.Equal(12, BalancedOffsets.Window([3, 4, 0, 2], 4));

        int[] coprime = [41, 43, 47, 49, 50];
        Assert.Equal(200, BalancedOffsets.Window(coprime, 50));
    }

    [Fact]
    public void A_kept_phase_outside_its_period_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BalancedOffsets.Assign([2], 1, 2, [2]));
    }
}
