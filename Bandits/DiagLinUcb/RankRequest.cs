namespace BanditServe.Bandits;

/// <summary>One ranking of a micro-batch (the arguments of <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong, DateTimeOffset?)"/>).</summary>
internal readonly record struct RankRequest(FeatureVector Context, IReadOnlyList<string>? Candidates, IReadOnlyCollection<string>? Exclude, int Slots, ulong Seed, DateTimeOffset? ShownAt);
