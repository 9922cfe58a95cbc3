using System.Globalization;
using BanditServe.Offline.WarmStart;

namespace BanditServe.Offline.StoredLogs;

/// <summary>
/// A candidate policy named on the command line, e.g. <c>diag-linucb:alpha=0.5,epsilon=0.05,ridge=1,mode=replay</c>:
/// Diag-LinUCB served with these parameters, its statistics either cross-fitted from the logs
/// (<see cref="CandidateMode.CrossFitted"/>, the default) or learned by replaying the logs in order
/// (<see cref="CandidateMode.Replay"/>, see <see cref="CandidateReplay"/>).
/// </summary>
/// <param name="Alpha">Exploration width α.</param>
/// <param name="Epsilon">Per-slot uniform exploration ε.</param>
/// <param name="Ridge">Prior precision λ.</param>
/// <param name="Forgetting">Forgetting factor f in (0, 1] applied per item row in log order (1 = none).</param>
/// <param name="Mode">Cross-fitted statistics or an in-order replay.</param>
public sealed record CandidatePolicy(double Alpha, double Epsilon, double Ridge, double Forgetting = 1.0, CandidateMode Mode = CandidateMode.CrossFitted)
{
    /// <summary>
    /// Parses <c>diag-linucb[:key=value,…]</c> with numeric keys alpha, epsilon, ridge, forgetting and
    /// <c>mode=crossfit|replay</c>; missing keys take the given defaults.
    /// </summary>
    /// <exception cref="FormatException">Unknown policy or key, or a value that is not a number.</exception>
    public static CandidatePolicy Parse(string text, CandidatePolicy defaults)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(defaults);
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts[0] != "diag-linucb")
        {
            throw new FormatException($"Unknown candidate policy '{parts[0]}'; offline evaluation supports 'diag-linucb'.");
        }

        var candidate = defaults;
        if (parts.Length == 1 || parts[1].Length == 0)
        {
            return candidate;
        }

        foreach (var setting in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = setting.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair is ["mode", var mode])
            {
                candidate = candidate with
                {
                    Mode = mode switch
                    {
                        "crossfit" => CandidateMode.CrossFitted,
                        "replay" => CandidateMode.Replay,
                        _ => throw new FormatException($"Unknown candidate mode '{mode}'; use crossfit or replay."),
                    },
                };
                continue;
            }

            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Candidate setting '{setting}' is not key=number.");
            }

            candidate = pair[0] switch
            {
                "alpha" => candidate with { Alpha = value },
                "epsilon" => candidate with { Epsilon = value },
                "ridge" => candidate with { Ridge = value },
                "forgetting" => candidate with { Forgetting = value },
                _ => throw new FormatException($"Unknown candidate setting '{pair[0]}'; use alpha, epsilon, ridge, forgetting or mode."),
            };
        }

        return candidate;
    }

    /// <summary>The warm-start settings of this candidate (its ridge and forgetting).</summary>
    public WarmStartOptions WarmStart(WarmStartOptions baseline) => (baseline ?? new WarmStartOptions()) with { Ridge = Ridge, Forgetting = Forgetting };

    /// <summary>The serving parameters of this candidate in the gate's terms.</summary>
    public WarmStartGateOptions Serving(WarmStartGateOptions baseline) => (baseline ?? new WarmStartGateOptions()) with { Alpha = Alpha, Epsilon = Epsilon };
}
