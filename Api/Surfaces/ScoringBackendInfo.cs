namespace BanditServe.Api.Surfaces;

/// <summary>The scoring backend in use, as the <c>backend</c> label of rank metrics.</summary>
public sealed record ScoringBackendInfo(string Name, string Device);
