using System.Collections.Concurrent;

namespace BanditServe.Api.Surfaces;

/// <summary>The live surfaces of this server, by id.</summary>
public sealed class SurfaceRegistry
{
    private readonly ConcurrentDictionary<string, SurfaceRuntime> _surfaces = new(StringComparer.Ordinal);

    public bool TryGet(string surface, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SurfaceRuntime? runtime) =>
        _surfaces.TryGetValue(surface, out runtime);

    public IReadOnlyList<SurfaceRuntime> All() => [.. _surfaces.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];

    public void Set(SurfaceRuntime runtime) => _surfaces[runtime.Id] = runtime;

    public bool Remove(string surface) => _surfaces.TryRemove(surface, out _);

    public int Count => _surfaces.Count;
}
