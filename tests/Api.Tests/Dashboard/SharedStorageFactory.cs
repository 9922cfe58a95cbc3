using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests.Dashboard;

/// <summary>A server over a given SQLite file, so a second instance over the same file is a restart of the first.</summary>
public sealed class SharedStorageFactory(string sqlitePath, params (string Key, string Value)[] extra) : BanditServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        base.Settings
            .Select(s => s.Key == "Storage:SqlitePath" ? new KeyValuePair<string, string?>(s.Key, sqlitePath) : s)
            .Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
}
