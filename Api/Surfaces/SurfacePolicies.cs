namespace BanditServe.Api.Surfaces;

/// <summary>The policy names of API.md.</summary>
public static class SurfacePolicies
{
    public const string DiagLinUcb = "diag-linucb";
    public const string RecoveringPeriodic = "recovering-periodic";
}
