using BanditServe.Offline.StoredLogs;
using BanditServe.Offline.WarmStart;

namespace BanditServe.Offline.Tests.StoredLogs;

public sealed class CandidatePolicyTests
{
    private static readonly CandidatePolicy SurfaceDefaults = new(Alpha: 1, Epsilon: 0.05, Ridge: 1, Forgetting: 0.999);

    [Fact]
    public void Every_diag_linucb_setting_is_parsed_and_reaches_the_fit_and_the_serving_options()
    {
        var candidate = CandidatePolicy.Parse("diag-linucb:alpha=0.5,epsilon=0.1,ridge=2,forgetting=0.9", SurfaceDefaults);

        Assert.Equal(new CandidatePolicy(0.5, 0.1, 2, 0.9), candidate);
        var fit = candidate.WarmStart(new WarmStartOptions());
        Assert.Equal(2, fit.Ridge);
        Assert.Equal(0.9, fit.Forgetting);
        var serving = candidate.Serving(new WarmStartGateOptions());
        Assert.Equal(0.5, serving.Alpha);
        Assert.Equal(0.1, serving.Epsilon);
    }

    [Fact]
    public void Settings_left_out_take_the_surface_values()
    {
        Assert.Equal(SurfaceDefaults with { Alpha = 0.3 }, CandidatePolicy.Parse("diag-linucb:alpha=0.3", SurfaceDefaults));
    }

    [Fact]
    public void Mode_selects_replay_or_crossfit_and_defaults_to_crossfit()
    {
        Assert.Equal(CandidateMode.CrossFitted, CandidatePolicy.Parse("diag-linucb:alpha=0.3", SurfaceDefaults).Mode);
        Assert.Equal(CandidateMode.Replay, CandidatePolicy.Parse("diag-linucb:mode=replay,alpha=0.3", SurfaceDefaults).Mode);
        Assert.Equal(CandidateMode.CrossFitted, CandidatePolicy.Parse("diag-linucb:mode=crossfit", SurfaceDefaults).Mode);
    }

    [Theory]
    [InlineData("diag-linucb:mode=online", "Unknown candidate mode 'online'")]
    [InlineData("linucb:alpha=1", "Unknown candidate policy")]
    [InlineData("diag-linucb:gamma=1", "Unknown candidate setting 'gamma'")]
    [InlineData("diag-linucb:alpha=x", "is not key=number")]
    public void Unknown_policies_and_settings_are_refused(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CandidatePolicy.Parse(text, SurfaceDefaults));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
