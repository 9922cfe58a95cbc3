using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Surfaces;

/// <summary>A surface's validated configuration (API.md "Surfaces").</summary>
public sealed record SurfaceSettings(
    int? Dimension,
    string Policy,
    double Alpha,
    double Epsilon,
    double Ridge,
    double Forgetting,
    int RewardWindowSeconds,
    double? DefaultReward,
    RecoverySettings? Recovery)
{
    public const int MaxDimension = 16_777_216;

    public bool IsPeriodic => Policy == SurfacePolicies.RecoveringPeriodic;

    /// <summary>Validates a request body, naming the first offending field.</summary>
    public static (SurfaceSettings? Settings, ProblemHttpResult? Problem) FromRequest(SurfaceConfigurationRequest request)
    {
        var policy = request.Policy ?? SurfacePolicies.DiagLinUcb;
        if (policy is not (SurfacePolicies.DiagLinUcb or SurfacePolicies.RecoveringPeriodic))
        {
            return Fail("policy", $"must be '{SurfacePolicies.DiagLinUcb}' or '{SurfacePolicies.RecoveringPeriodic}'");
        }

        var periodic = policy == SurfacePolicies.RecoveringPeriodic;
        int? dimension = null;
        if (!periodic)
        {
            if (request.Dimension is not { } d)
            {
                return Fail("dimension", "is required for diag-linucb surfaces");
            }

            if (d is < 1 or > MaxDimension)
            {
                return Fail("dimension", $"must be between 1 and {MaxDimension}");
            }

            dimension = d;
        }

        var alpha = request.Alpha ?? 1.0;
        if (!double.IsFinite(alpha) || alpha < 0)
        {
            return Fail("alpha", "must be a finite number >= 0");
        }

        var epsilon = request.Epsilon ?? (periodic ? 0.0 : 0.05);
        if (!double.IsFinite(epsilon) || epsilon < 0 || epsilon >= 1)
        {
            return Fail("epsilon", "must be in [0, 1)");
        }

        if (periodic && epsilon != 0)
        {
            return Fail("epsilon", "must be 0 on recovering-periodic surfaces (the schedule is deterministic)");
        }

        var ridge = request.Ridge ?? 1.0;
        if (!double.IsFinite(ridge) || ridge <= 0)
        {
            return Fail("ridge", "must be a finite number > 0");
        }

        var forgetting = request.Forgetting ?? 1.0;
        if (!double.IsFinite(forgetting) || forgetting <= 0 || forgetting > 1)
        {
            return Fail("forgetting", "must be in (0, 1]");
        }

        var window = request.RewardWindowSeconds ?? 600;
        if (window is <= 0 or > 30 * 86_400)
        {
            return Fail("rewardWindowSeconds", "must be > 0 and at most 30 days");
        }

        double? defaultReward = request.DefaultRewardSpecified ? request.DefaultReward : 0.0;
        if (defaultReward is { } dr && !double.IsFinite(dr))
        {
            return Fail("defaultReward", "must be a finite number or null");
        }

        RecoverySettings? recovery = null;
        if (periodic)
        {
            var r = request.Recovery;
            if (r is null)
            {
                return Fail("recovery", "is required for recovering-periodic surfaces");
            }

            var periodSeconds = r.PeriodSeconds ?? 60;
            if (periodSeconds is < 1 or > 31_536_000)
            {
                return Fail("recovery.periodSeconds", "must be between 1 and 31536000");
            }

            var slots = r.SlotsPerPeriod ?? 3;
            if (slots is < 1 or > 100)
            {
                return Fail("recovery.slotsPerPeriod", "must be between 1 and 100");
            }

            // The policy's own range (RecoveryOptions.Validate): a larger d_max would pass here and fail in the model with a 500.
            var maxIdle = r.MaxIdlePeriods ?? 50;
            if (maxIdle is < 1 or > 1000)
            {
                return Fail("recovery.maxIdlePeriods", "must be between 1 and 1000");
            }

            recovery = new RecoverySettings(periodSeconds, slots, maxIdle, r.AllowClientClock ?? false);
        }
        else if (request.Recovery is not null)
        {
            return Fail("recovery", "applies only to recovering-periodic surfaces");
        }

        return (new SurfaceSettings(dimension, policy, alpha, epsilon, ridge, forgetting, window, defaultReward, recovery), null);

        static (SurfaceSettings?, ProblemHttpResult?) Fail(string field, string message) =>
            (null, ApiProblems.BadRequest(field, message));
    }
}

/// <summary>The recovery block of a recovering-periodic surface.</summary>
public sealed record RecoverySettings(int PeriodSeconds, int SlotsPerPeriod, int MaxIdlePeriods, bool AllowClientClock);
