using System.Net;
using BanditServe.Api.Surfaces;
using BanditServe.Api.Tests.Infrastructure;
using BanditServe.Bandits.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Api.Tests;

/// <summary>A server forced onto ILGPU (its CPU accelerator here) with the device threshold at one item.</summary>
public sealed class DeviceScoringFactory : BanditServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Scoring:Backend", "ilgpu"), new("Scoring:MinDeviceItems", "1")];
}

public sealed class DeviceScoringTests(DeviceScoringFactory factory) : IClassFixture<DeviceScoringFactory>
{
    private const string Recovering = """{"policy": "recovering-periodic", "epsilon": 0, "rewardWindowSeconds": 3600, "defaultReward": null, "recovery": {"periodSeconds": 60, "slotsPerPeriod": 2, "maxIdlePeriods": 6}}""";

    [Fact]
    public async Task A_recovering_surface_computes_its_index_on_the_device_and_still_answers_its_schedule()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/on-device", Recovering)).StatusCode);
        await admin.PostJsonAsync("/v1/surfaces/on-device/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}, {"itemId": "d"}]}""");

        var schedule = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/on-device/schedule?count=4", ct));

        Assert.Equal(4, schedule.GetProperty("periods").GetArrayLength());
        Assert.True(factory.Services.GetRequiredService<SurfaceRegistry>().TryGet("on-device", out var runtime));
        Assert.IsAssignableFrom<IRecoveryIndexBackend>(runtime.Periodic!.IndexBackend);
        Assert.InRange(runtime.Periodic.MinDeviceArms, 0, 1);
        Assert.True(runtime.Periodic.PlanVersion > 0, "no plan was made");
    }
}
