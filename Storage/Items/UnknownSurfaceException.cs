namespace BanditServe.Storage;

/// <summary>Thrown when a write names a surface that does not exist.</summary>
public sealed class UnknownSurfaceException : Exception
{
    /// <summary>Creates the exception for a surface id.</summary>
    /// <param name="surface">The unknown surface id.</param>
    public UnknownSurfaceException(string surface)
        : base($"Surface '{surface}' does not exist.") => Surface = surface;

    /// <summary>The unknown surface id.</summary>
    public string Surface { get; }
}
