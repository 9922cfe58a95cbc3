using System.Globalization;

namespace BanditServe.LoadTests.Recording;

/// <summary>How one request ended: an HTTP status, or a failure without a response (timeout, refused connection).</summary>
public readonly record struct OperationOutcome(int StatusCode, string? Failure)
{
    /// <summary>2xx responses (and Kafka acknowledgements, recorded as 200) are successes.</summary>
    public bool IsSuccess => Failure is null && StatusCode is >= 200 and < 300;

    /// <summary>True when a response came back, whatever its status; its latency is recorded.</summary>
    public bool HasResponse => Failure is null;

    /// <summary>The key under which the outcome is counted in reports: <c>200</c>, <c>503</c>, <c>timeout</c>, …</summary>
    public string Key => Failure ?? StatusCode.ToString(CultureInfo.InvariantCulture);

    public static OperationOutcome FromStatus(int statusCode) => new(statusCode, null);

    public static OperationOutcome Failed(string reason) => new(0, reason);
}
