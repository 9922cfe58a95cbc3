namespace BanditServe.Bandits;

/// <summary>The policy parameters of a Diag-LinUCB surface (API.md, surfaces; ALGORITHMS.md 2.3, 2.5, 2.9).</summary>
/// <param name="Alpha">Exploration width of the upper confidence bound, ≥ 0.</param>
/// <param name="Epsilon">Probability of a uniformly random pick per slot, in [0, 1).</param>
/// <param name="Ridge">Prior precision λ of every coordinate, &gt; 0.</param>
/// <param name="Forgetting">Factor in (0, 1] applied to an item's excess statistics before each of its updates; 1 disables forgetting.</param>
public sealed record DiagLinUcbOptions(double Alpha = 1, double Epsilon = 0.05, double Ridge = 1, double Forgetting = 1)
{
    /// <summary>The smallest accepted <see cref="Ridge"/>.</summary>
    public const double MinRidge = 1e-30;

    /// <summary>The largest accepted <see cref="Ridge"/>.</summary>
    public const double MaxRidge = 1e30;

    /// <summary>Refuses options outside their documented ranges (NaN and infinities included).</summary>
    /// <returns>The same options, for chaining.</returns>
    /// <exception cref="BanditArgumentException">Field <c>alpha</c>, <c>epsilon</c>, <c>ridge</c> or <c>forgetting</c>.</exception>
    public DiagLinUcbOptions Validate()
    {
        if (!double.IsFinite(Alpha) || Alpha < 0)
        {
            ThrowHelper.Argument("alpha", "alpha must be a finite number ≥ 0.");
        }

        if (!double.IsFinite(Epsilon) || Epsilon < 0 || Epsilon >= 1)
        {
            ThrowHelper.Argument("epsilon", "epsilon must be in [0, 1).");
        }

        // The bounds keep 1/ridge and the float32 published copy of 1/precision finite and non-zero.
        if (!double.IsFinite(Ridge) || Ridge < MinRidge || Ridge > MaxRidge)
        {
            ThrowHelper.Argument("ridge", $"ridge must be a number in [{MinRidge}, {MaxRidge}].");
        }

        if (!double.IsFinite(Forgetting) || Forgetting <= 0 || Forgetting > 1)
        {
            ThrowHelper.Argument("forgetting", "forgetting must be in (0, 1].");
        }

        return this;
    }
}
