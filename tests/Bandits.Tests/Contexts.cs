namespace BanditServe.Bandits.Tests;

/// <summary>Builds contexts for tests.</summary>
internal static class Contexts
{
    public static FeatureVector OneHot(int dimension, int coordinate, float weight = 1f)
    {
        var values = new float[dimension];
        values[coordinate] = weight;
        return FeatureVector.Dense(values, dimension);
    }

    public static FeatureVector Dense(params float[] values) => FeatureVector.Dense(values, values.Length);

    public static FeatureVector Random(Random random, int dimension, double density = 1)
    {
        var values = new float[dimension];
        for (int c = 0; c < dimension; c++)
        {
            if (random.NextDouble() < density)
            {
                values[c] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return FeatureVector.Dense(values, dimension);
    }

    /// <summary>The exact float64 Diag-LinUCB score of an item (ALGORITHMS.md 2.3) from its exported state.</summary>
    public static (double Mean, double Uncertainty) Reference(ItemState item, FeatureVector context, double ridge)
    {
        double mean = 0;
        double variance = 0;
        float[] x = context.ToDense();
        for (int c = 0; c < x.Length; c++)
        {
            double precision = item.Precision is null ? ridge : item.Precision[c];
            double theta = item.Theta is null ? 0 : item.Theta[c];
            mean += x[c] * theta;
            variance += (double)x[c] * x[c] / precision;
        }

        return (mean, Math.Sqrt(variance));
    }
}
