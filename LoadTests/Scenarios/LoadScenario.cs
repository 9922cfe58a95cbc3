using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>A scenario once set up: what to run, the kind objectives apply to, and what to dispose afterwards.</summary>
public sealed class LoadScenario(string name, string primaryKind, ILoadOperation operation, IDisposable? resources) : IDisposable
{
    public string Name { get; } = name;

    public string PrimaryKind { get; } = primaryKind;

    public ILoadOperation Operation { get; } = operation;

    public void Dispose() => resources?.Dispose();
}
