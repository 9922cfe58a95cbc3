using System.Text.Json;

namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>Reads item statistics from a running server and compares them with an expected model.</summary>
public static class ModelProbe
{
    public sealed record ItemStatistics(string ItemId, long RewardsApplied, double[] Precision, double[] Theta);

    public static async Task<ItemStatistics> ReadItemAsync(HttpClient admin, string surface, string itemId)
    {
        var body = JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/{surface}/items/{itemId}")).RootElement;
        return new ItemStatistics(
            itemId,
            body.GetProperty("rewardsApplied").GetInt64(),
            [.. body.GetProperty("precision").EnumerateArray().Select(e => e.GetDouble())],
            [.. body.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble())]);
    }

    public static async Task<long> TotalRewardsAppliedAsync(HttpClient admin, string surface) =>
        JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/{surface}")).RootElement.GetProperty("rewardsApplied").GetInt64();

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(describe());
            }

            await Task.Delay(200);
        }
    }

    public static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
