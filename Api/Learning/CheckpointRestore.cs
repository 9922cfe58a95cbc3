using BanditServe.Api.Http;
using BanditServe.Api.Surfaces;
using BanditServe.Streaming.Consuming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Learning;

/// <summary>
/// The start-up restore of the learned models: the surfaces loaded from the catalog hold the prior until the
/// stream consumer has restored the newest checkpoint (or found none). Until then serving or exporting such a
/// surface's model would hand out the prior, and an import would be overwritten by the restore, so those
/// calls answer 503 with <c>Retry-After</c>, as readiness does.
/// </summary>
public sealed class CheckpointRestore(StreamConsumerStatus consumer)
{
    /// <summary>How long a client is asked to wait before retrying: restores take seconds, not minutes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Whether the start-up restore is over.</summary>
    public bool IsComplete => consumer.IsRestored;

    /// <summary>Whether <paramref name="runtime"/>'s model is still the prior that the restore will replace.</summary>
    public bool IsPending(SurfaceRuntime runtime) => runtime.AwaitsCheckpointRestore && !consumer.IsRestored;

    /// <summary>The 503 answer for a surface whose model is not restored yet.</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response, string surface) =>
        ApiProblems.Unavailable(response, RetryAfter, "surface",
            $"the model of surface '{surface}' is being restored from the newest checkpoint; retry later");
}
