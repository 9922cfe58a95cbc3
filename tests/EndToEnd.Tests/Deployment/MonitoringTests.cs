using System.Text.Json;
using System.Text.RegularExpressions;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>Prometheus and Grafana configuration under docs/deployment, checked against the compose services.</summary>
public sealed partial class MonitoringTests
{
    /// <summary>What the dashboard must show: latency, throughput, consumer lag, rewards, exploration and model version.</summary>
    public static readonly string[] RequiredDashboardMetrics =
    [
        "bandit_rank_duration_seconds",
        "http_requests_received_total",
        "bandit_consumer_lag_messages",
        "bandit_rewards_applied_total",
        "bandit_exploration_picks_total",
        "bandit_model_version",
    ];

    [Fact]
    public void Prometheus_scrapes_every_replica_on_the_listen_port()
    {
        // Arrange
        var config = YamlFile.Load("docs/deployment/prometheus/prometheus.yml");
        var job = config.At("scrape_configs").Items().Single(j => j.At("job_name").Text() == "banditserve");
        var targets = job.At("static_configs").Items().SelectMany(c => c.At("targets").Items()).Select(t => t.Text()).ToList();
        var port = DeploymentFiles.ImageListenAddress.Port;

        // Assert
        Assert.Equal("/metrics", job.At("metrics_path").Text());
        Assert.Equal(
            DeploymentFiles.ComposeFile.ServerReplicas().Select(r => $"{r.Name}:{port}").Order(StringComparer.Ordinal),
            targets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prometheus_loads_the_alert_rules_compose_mounts()
    {
        // Arrange
        var config = YamlFile.Load("docs/deployment/prometheus/prometheus.yml");
        var prometheus = DeploymentFiles.ComposeFile["prometheus"];
        var ruleFiles = config.At("rule_files").Items().Select(r => r.Text()).ToList();
        var rules = YamlFile.Load("docs/deployment/prometheus/alerts.yml").At("groups").Items().SelectMany(g => g.At("rules").Items()).ToList();

        // Assert
        Assert.All(ruleFiles, file => Assert.Contains(prometheus.Volumes, v => v.Split(':')[1] == file));
        Assert.Contains(prometheus.Volumes, v => v.StartsWith("./docs/deployment/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml", StringComparison.Ordinal));
        Assert.Contains(prometheus.Command, c => c == "--config.file=/etc/prometheus/prometheus.yml");
        Assert.True(rules.Count >= 8, "expected alert rules for availability, errors, latency, lag, learning, Kafka, storage and checkpoints");
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.At("expr").Text())));
    }

    [Fact]
    public void Grafana_reads_the_dashboard_from_the_provisioned_Prometheus()
    {
        // Arrange
        var grafana = DeploymentFiles.ComposeFile["grafana"];
        var datasource = YamlFile.Load("docs/deployment/grafana/provisioning/datasources/prometheus.yml").At("datasources").Items().Single();
        var provider = YamlFile.Load("docs/deployment/grafana/provisioning/dashboards/banditserve.yml").At("providers").Items().Single();
        var dashboard = Dashboard();
        var prometheusPort = DeploymentFiles.ComposeFile["prometheus"].Ports.Single().Container;

        // Assert: the datasource reaches the prometheus service, and every panel queries that datasource.
        Assert.Equal($"http://prometheus:{prometheusPort}", datasource.At("url").Text());
        var uid = datasource.At("uid").Text();
        Assert.All(Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row"),
            panel => Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString()));

        // The provider's folder is where compose mounts the dashboards, and provisioning is mounted where Grafana reads it.
        var dashboardsPath = provider.At("options").At("path").Text();
        Assert.Contains(grafana.Volumes, v => v.StartsWith("./docs/deployment/grafana/dashboards:" + dashboardsPath, StringComparison.Ordinal));
        Assert.Contains(grafana.Volumes, v => v.StartsWith("./docs/deployment/grafana/provisioning:/etc/grafana/provisioning", StringComparison.Ordinal));
        Assert.Equal(dashboardsPath + "/banditserve.json", grafana.Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]);
    }

    [Fact]
    public void Dashboard_covers_latency_throughput_lag_rewards_exploration_and_model_version()
    {
        // Arrange
        var metrics = MetricNames(DashboardExpressions());

        // Assert
        Assert.All(RequiredDashboardMetrics, metric => Assert.Contains(metric, metrics));
        var panelIds = Panels(Dashboard()).Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(panelIds.Count, panelIds.Distinct().Count());
    }

    public static JsonElement Dashboard() =>
        JsonDocument.Parse(RepositoryFiles.Read("docs/deployment/grafana/dashboards/banditserve.json")).RootElement;

    public static IEnumerable<string> DashboardExpressions() =>
        Panels(Dashboard()).Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!);

    public static IEnumerable<string> AlertExpressions() =>
        YamlFile.Load("docs/deployment/prometheus/alerts.yml").At("groups").Items()
            .SelectMany(g => g.At("rules").Items())
            .Select(r => r.At("expr").Text());

    /// <summary>The metric families PromQL expressions read (histogram series mapped to their family).</summary>
    public static ISet<string> MetricNames(IEnumerable<string> expressions) =>
        expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(name => HistogramSeries().Replace(name, ""))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) => dashboard.GetProperty("panels").EnumerateArray();

    [GeneratedRegex(@"\b(bandit|http)_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
