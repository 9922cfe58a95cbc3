namespace BanditServe.LoadTests.Cli;

/// <summary>Process exit codes of the load tool.</summary>
public static class ExitCodes
{
    public const int Passed = 0;

    /// <summary>Bad arguments, or the target could not be set up.</summary>
    public const int Failed = 1;

    /// <summary>The run completed and at least one <c>--slo</c> was missed.</summary>
    public const int ObjectiveMissed = 2;
}
