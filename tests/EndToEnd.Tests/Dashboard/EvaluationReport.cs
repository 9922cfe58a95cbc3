namespace BanditServe.EndToEnd.Tests.Dashboard;

/// <summary>A report in the exact shape <c>banditserve-offline evaluate --format json</c> writes (Offline's EvaluationReportJson).</summary>
public static class EvaluationReport
{
    public const double DrValue = 0.5123;
    public const double DrLow = 0.4711;
    public const double DrHigh = 0.5535;
    public const double LoggedMeanReward = 0.4402;

    public const string Json = """
        {
          "rounds": 10000,
          "estimates": [
            {"estimator": "ips", "value": 0.5301, "stdErr": 0.0312, "ciLow": 0.4689, "ciHigh": 0.5913, "ciMethod": "normal", "normalCiLow": 0.4689, "normalCiHigh": 0.5913, "tLowerBound": 0.4788},
            {"estimator": "snips", "value": 0.5207, "stdErr": 0.0244, "ciLow": 0.4729, "ciHigh": 0.5685, "ciMethod": "normal", "normalCiLow": 0.4729, "normalCiHigh": 0.5685, "tLowerBound": 0.4806},
            {"estimator": "dm", "value": 0.4987, "stdErr": 0.0101, "ciLow": 0.4789, "ciHigh": 0.5185, "ciMethod": "normal", "normalCiLow": 0.4789, "normalCiHigh": 0.5185, "tLowerBound": 0.4821},
            {"estimator": "dr", "value": 0.5123, "stdErr": 0.0210, "ciLow": 0.4711, "ciHigh": 0.5535, "ciMethod": "normal", "normalCiLow": 0.4711, "normalCiHigh": 0.5535, "tLowerBound": 0.4777}
          ],
          "effectiveSampleSize": 6120.5,
          "loggedMeanReward": 0.4402,
          "rewardModel": "cross-fitted-ridge",
          "clip": null,
          "bootstrap": 0,
          "seed": 42,
          "confidenceLevel": 0.95,
          "weights": {"effectiveSampleFraction": 0.612, "unreliable": false}
        }
        """;
}
