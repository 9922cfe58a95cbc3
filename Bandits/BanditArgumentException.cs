namespace BanditServe.Bandits;

/// <summary>
/// Input to the bandit math was refused: a non-finite number, a wrong dimension, an index out of
/// range or an invalid option. The model state is never changed when this is thrown.
/// </summary>
/// <remarks>
/// <see cref="Field"/> names the offending input the way the external contract spells it
/// (<c>features</c>, <c>features[3]</c>, <c>sparseFeatures.indices[1]</c>, <c>reward</c>,
/// <c>epsilon</c>), so the HTTP layer can put it in a problem-details <c>detail</c>.
/// </remarks>
public sealed class BanditArgumentException : ArgumentException
{
    /// <summary>Creates the exception for a named input field.</summary>
    /// <param name="field">The offending field, e.g. <c>features[3]</c>.</param>
    /// <param name="message">What is wrong with it.</param>
    public BanditArgumentException(string field, string message)
        : base(message, field)
    {
        Field = field;
    }

    /// <summary>The offending field, as named in the external contract (e.g. <c>features[3]</c>).</summary>
    public string Field { get; }
}
