namespace BanditServe.LoadTests.Reporting;

/// <summary>One objective from the command line and whether the run met it; values are in the objective's unit (ms, %, /s).</summary>
public sealed record SloResult(string Objective, string Kind, double Threshold, double Actual, bool Passed);
