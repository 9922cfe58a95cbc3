using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BanditServe.EndToEnd.Tests.Dashboard;

/// <summary>
/// One real server process with a contextual surface (<c>home</c>, learned from generated traffic),
/// a recovering-periodic surface (<c>daily</c>) and an uploaded evaluation report, plus one headless
/// Debian chromium driven by Playwright; shared by the dashboard tests to keep them fast.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string AdminKey = "dashboard-admin-key";
    public const string Contextual = "home";
    public const string Periodic = "daily";
    public const string FreshItem = "new-arrival";
    public const string ChromiumPath = "/usr/bin/chromium";
    public const double Epsilon = 0.2;
    public static readonly string[] Items = ["a", "b", "c", "d", "e", "f"];

    /// <summary>Click probability per item: the dashboard's top items must follow these means.</summary>
    private static readonly Dictionary<string, double> ClickRate = new()
    {
        ["a"] = 0.8, ["b"] = 0.6, ["c"] = 0.45, ["d"] = 0.3, ["e"] = 0.15, ["f"] = 0.05,
    };

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("banditserve-dashboard-").FullName;
    private readonly Random _random = new(20261124);
    private ServerProcess? _server;
    private IPlaywright? _playwright;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Every rank response of the generated traffic, by event id.</summary>
    public ConcurrentDictionary<string, JsonElement> Decisions { get; } = new(StringComparer.Ordinal);

    /// <summary>The item rewarded for each event of the generated traffic, and the reward.</summary>
    public ConcurrentDictionary<string, (string ItemId, double Reward)> Rewards { get; } = new(StringComparer.Ordinal);

    /// <summary>The events of the traffic sent at start, when the surface had exactly <see cref="Items"/>.</summary>
    public IReadOnlyList<string> SetupEvents { get; private set; } = [];

    /// <summary>The test output folder the screenshots go to.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Dashboard__SampleIntervalSeconds"] = "0.5",
            ["Server__RateLimitPerSecond"] = "0",
        }, workingDirectory: _workingDirectory);
        Admin = _server.CreateClient(AdminKey);
        Client = _server.CreateClient();

        await SendAsync(Admin, HttpMethod.Put, $"/v1/surfaces/{Contextual}", $$"""{"dimension": 4, "alpha": 0.5, "epsilon": {{Epsilon}}}""", HttpStatusCode.Created);
        await SendAsync(Admin, HttpMethod.Post, $"/v1/surfaces/{Contextual}/items:batch",
            JsonSerializer.Serialize(new { items = Items.Select(i => new { itemId = i }) }), HttpStatusCode.OK);
        await SendAsync(Admin, HttpMethod.Put, $"/v1/surfaces/{Periodic}",
            """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"periodSeconds": 3600, "slotsPerPeriod": 2, "maxIdlePeriods": 6}}""", HttpStatusCode.Created);
        await SendAsync(Admin, HttpMethod.Post, $"/v1/surfaces/{Periodic}/items:batch",
            """{"items": [{"itemId": "news"}, {"itemId": "sports"}, {"itemId": "weather"}, {"itemId": "music"}, {"itemId": "games"}]}""", HttpStatusCode.OK);

        await RunTrafficAsync(240, TestContext.Current.CancellationToken);
        SetupEvents = [.. Decisions.Keys];
        // Added after the traffic: an item nothing has been learned about yet.
        await SendAsync(Admin, HttpMethod.Put, $"/v1/surfaces/{Contextual}/items/{FreshItem}", """{"active": true}""", HttpStatusCode.OK);
        await SendAsync(Admin, HttpMethod.Post, $"/v1/dashboard/surfaces/{Contextual}/evaluations?label=alpha-0.5", EvaluationReport.Json, HttpStatusCode.Created);
        await WaitUntilLearnedAsync();

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); the tests never download a browser.");
        }

        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// Ranks up to <paramref name="decisions"/> times (4 at a time) among <see cref="Items"/> and rewards the first
    /// slot of each with a seeded click. <paramref name="stop"/> ends the traffic between decisions, never inside
    /// one, so every reward sent is known here.
    /// </summary>
    public async Task RunTrafficAsync(int decisions, CancellationToken stop)
    {
        var remaining = decisions;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                await OneDecisionAsync(TestContext.Current.CancellationToken);
            }
        }));
    }

    /// <summary>Waits until every reward sent has been learned, so the model stops changing.</summary>
    public async Task WaitUntilLearnedAsync() =>
        await ModelProbe.WaitUntilAsync(
            async () => await ModelProbe.TotalRewardsAppliedAsync(Admin, Contextual) == Rewards.Count,
            TimeSpan.FromSeconds(30),
            () => $"the server did not learn all {Rewards.Count} rewards within 30 s");

    public async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await Admin.GetStringAsync(path, TestContext.Current.CancellationToken)).RootElement;

    /// <summary>A page signed in with the admin key (the key form filled once, as an operator would).</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenSignedInAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#admin-key", AdminKey);
        await page.ClickAsync("#login-form button[type=submit]");
        await page.WaitForSelectorAsync("#overview");
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Admin?.Dispose();
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The killed server may still hold the SQLite file for a moment; the temp folder is disposable.
        }
    }

    private async Task OneDecisionAsync(CancellationToken cancellationToken)
    {
        float[] features;
        double click;
        lock (_random)
        {
            features = [1, (float)_random.NextDouble(), (float)_random.NextDouble(), _random.Next(2)];
            click = _random.NextDouble();
        }

        var rank = await SendAsync(Client, HttpMethod.Post, $"/v1/surfaces/{Contextual}/rank",
            JsonSerializer.Serialize(new { features, candidates = Items, slots = 2 }), HttpStatusCode.OK, cancellationToken);
        var eventId = rank.GetProperty("eventId").GetString()!;
        Decisions[eventId] = rank;
        var shown = rank.GetProperty("items")[0].GetProperty("itemId").GetString()!;
        var reward = click < ClickRate[shown] ? 1.0 : 0.0;
        await SendAsync(Client, HttpMethod.Post, "/v1/rewards",
            JsonSerializer.Serialize(new { eventId, itemId = shown, reward }), HttpStatusCode.Accepted, cancellationToken);
        Rewards[eventId] = (shown, reward);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string json, HttpStatusCode expected, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
