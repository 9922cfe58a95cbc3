using System.Globalization;
using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Item churn (admin): deactivates a catalog item, reactivates one, or adds a brand-new item, in
/// equal shares, so ranking runs while the catalog changes under it.
/// </summary>
public sealed class ItemChurnOperation(BanditServeClient client) : ILoadOperation
{
    public const string KindName = "item-churn";

    private static readonly byte[] s_active = BanditServeClient.Utf8("""{"active":true}""");

    public string Kind => KindName;

    public async ValueTask<OperationResult> ExecuteAsync(long sequence, Recording.LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var settings = client.Settings;
        var item = CatalogItems.Id(Uniform.Below(settings.Seed, sequence, 400, settings.CatalogSize));
        var action = Uniform.Below(settings.Seed, sequence, 401, 3);
        var (method, itemId) = action switch
        {
            0 => (HttpMethod.Delete, item),
            1 => (HttpMethod.Put, item),
            _ => (HttpMethod.Put, "new-" + sequence.ToString(CultureInfo.InvariantCulture)),
        };
        var body = method == HttpMethod.Put ? s_active : null;
        var (outcome, _) = await client.SendAsync(method, client.SurfacePath("/items/" + Uri.EscapeDataString(itemId)), body, admin: true, readBody: false, cancellationToken);
        return new OperationResult(KindName, outcome);
    }
}
