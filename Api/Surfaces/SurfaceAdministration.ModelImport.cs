using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Bandits;
using BanditServe.Bandits.Recovering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Surfaces;

public sealed partial class SurfaceAdministration
{
    /// <summary>
    /// Replaces the model of the surface live now with an imported one (e.g. a warm start), checked against
    /// that surface's policy and dimension under the admin gate, so a concurrent replace of the surface either
    /// happens first (and the import is checked against the new shape) or sees the imported data.
    /// </summary>
    public async Task<ChangeOutcome> ImportModelAsync(string surface, ModelDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!registry.TryGet(surface, out var runtime))
            {
                return new ChangeOutcome(null, SurfaceNotFound(surface));
            }

            var problem = Import(runtime, document);
            return new ChangeOutcome(problem is null ? runtime : null, problem);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ProblemHttpResult? Import(SurfaceRuntime runtime, ModelDocument document)
    {
        if (document.Policy != runtime.Settings.Policy)
        {
            return ApiProblems.BadRequest("policy", $"the model is for '{document.Policy}' but the surface uses '{runtime.Settings.Policy}'");
        }

        try
        {
            if (runtime.Linear is { } current)
            {
                if (document.DiagLinUcb is not { } snapshot)
                {
                    return ApiProblems.BadRequest("diagLinUcb", "is required for diag-linucb surfaces");
                }

                var imported = SurfaceModel.Import(snapshot, runtime.Scoring);
                if (imported.Dimension != current.Dimension)
                {
                    return ApiProblems.BadRequest("diagLinUcb.dimension", $"must equal the surface dimension {current.Dimension}");
                }

                imported.Options = SurfaceRuntime.ToDiagLinUcbOptions(runtime.Settings);
                lock (runtime.WriteLock)
                {
                    runtime.ReplaceModel(imported, null);
                    ReapplyCatalog(runtime);
                }
            }
            else
            {
                if (document.RecoveringPeriodicState is not { } state)
                {
                    return ApiProblems.BadRequest("recoveringPeriodicState", "is required for recovering-periodic surfaces");
                }

                var policy = RecoveringPeriodicPolicy.FromBytes(Convert.FromBase64String(state));
                if (SurfaceRuntime.RecoveryMismatch(runtime.Settings, policy.Options) is { } field)
                {
                    // Another period length, K or d_max would serve a schedule the surface was not configured for.
                    return ApiProblems.BadRequest("recoveringPeriodicState",
                        $"was exported with recovery.{field} different from the surface's; import it into a surface with the same recovery settings");
                }

                lock (runtime.WriteLock)
                {
                    runtime.ReplaceModel(null, policy);
                    ReapplyCatalog(runtime);
                }
            }
        }
        catch (BanditArgumentException ex)
        {
            return ApiProblems.BadRequest("diagLinUcb." + ex.Field, ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidDataException)
        {
            return ApiProblems.BadRequest("model", ex.Message);
        }

        return null;
    }
}
