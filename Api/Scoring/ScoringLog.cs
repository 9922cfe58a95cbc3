namespace BanditServe.Api.Scoring;

/// <summary>Log messages of the scoring backend choice (event ids 1100–1109, apart from <c>LogEventIds</c> so this folder stays self-contained).</summary>
internal static partial class ScoringLog
{
    public const int BackendChosenId = 1100;
    public const int BackendWarningId = 1101;

    [LoggerMessage(EventId = BackendChosenId, Level = LogLevel.Information,
        Message = "Scoring:Backend {Mode}: scoring with {Backend} on {Device} (device used from {MinDeviceItems} active items)")]
    public static partial void BackendChosen(ILogger logger, string mode, string backend, string device, int minDeviceItems);

    [LoggerMessage(EventId = BackendWarningId, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void BackendWarning(ILogger logger, string warning);
}
