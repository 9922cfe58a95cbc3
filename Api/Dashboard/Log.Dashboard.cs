namespace BanditServe.Api;

/// <summary>The dashboard's log messages; its event ids are 1100–1199 so they never collide with LogEventIds.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Dashboard activity sample failed; the series continues with the next interval")]
    public static partial void DashboardSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Dashboard could not read the decision log of surface {Surface} for an explanation")]
    public static partial void DashboardDecisionLogUnreadable(ILogger logger, string surface, Exception exception);
}
