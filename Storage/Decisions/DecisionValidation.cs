namespace BanditServe.Storage;

/// <summary>Refuses decisions the log cannot represent faithfully, before anything is written.</summary>
internal static class DecisionValidation
{
    public static void ThrowIfInvalid(DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Features is not null && decision.SparseFeatures is not null)
        {
            throw new ArgumentException($"Decision '{decision.EventId}' has both dense and sparse features; a context is one or the other.", nameof(decision));
        }

        if (decision.SparseFeatures is { } sparse && sparse.Indices.Length != sparse.Values.Length)
        {
            throw new ArgumentException(
                $"Decision '{decision.EventId}' has {sparse.Indices.Length} sparse indices but {sparse.Values.Length} values.", nameof(decision));
        }

        ArgumentNullException.ThrowIfNull(decision.Items);
    }
}
