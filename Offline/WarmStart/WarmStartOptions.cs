namespace BanditServe.Offline.WarmStart;

/// <summary>Settings of the offline warm-start fit of Diag-LinUCB statistics (ALGORITHMS.md 5.3, 5.4).</summary>
public sealed record WarmStartOptions
{
    /// <summary>Prior precision λ of every coordinate (the surface's <c>ridge</c>).</summary>
    public double Ridge { get; init; } = 1.0;

    /// <summary>Row weighting; <see cref="WarmStartWeighting.Plain"/> by default.</summary>
    public WarmStartWeighting Weighting { get; init; } = WarmStartWeighting.Plain;

    /// <summary>Cap c_max of the importance weights (default 20).</summary>
    public double MaxImportanceWeight { get; init; } = 20.0;

    /// <summary>Trust γ in (0, 1] multiplying the offline statistics (1 keeps them whole).</summary>
    public double Trust { get; init; } = 1.0;

    /// <summary>
    /// Pseudo-observation cap n_cap per (item, coordinate): the statistics of an edge with weight
    /// n_off = Σc over its rows are scaled by <c>min(1, n_cap / n_off)</c>. Default 50 (5.4);
    /// <see cref="double.PositiveInfinity"/> disables the cap.
    /// </summary>
    public double PseudoObservationCap { get; init; } = 50.0;

    /// <summary>
    /// Forgetting f in (0, 1] applied, as on a live surface, to an item's statistics before each of
    /// its rows in log order, so older rows count less; 1 disables it.
    /// </summary>
    public double Forgetting { get; init; } = 1.0;

    /// <summary>Validates the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the field.</summary>
    public void Validate()
    {
        if (!(Ridge > 0 && double.IsFinite(Ridge)))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "ridge must be a finite number > 0.");
        }

        if (!(MaxImportanceWeight > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxImportanceWeight), MaxImportanceWeight, "the importance-weight cap must be > 0.");
        }

        if (!(Trust > 0 && Trust <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Trust), Trust, "trust must be in (0, 1].");
        }

        if (!(PseudoObservationCap > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(PseudoObservationCap), PseudoObservationCap, "the pseudo-observation cap must be > 0.");
        }

        if (!(Forgetting > 0 && Forgetting <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Forgetting), Forgetting, "forgetting must be in (0, 1].");
        }
    }
}
