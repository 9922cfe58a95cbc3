using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Running;

/// <summary>
/// One unit of load (a scenario step). The runner times its primary request from the intended
/// send time; follow-up requests (e.g. the rewards after a rank) are recorded by the operation
/// itself into <c>recorder</c>, timed from their own send.
/// </summary>
public interface ILoadOperation
{
    /// <summary>The kind recorded when the operation throws before naming one.</summary>
    string Kind { get; }

    ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken);
}
