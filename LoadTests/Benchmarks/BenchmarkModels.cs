using BanditServe.Bandits;
using BanditServe.Bandits.Scoring;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>Models with random learned statistics for the scoring benchmarks.</summary>
internal static class BenchmarkModels
{
    public static SurfaceModel Build(int items, int dimension, SurfaceScoring? scoring)
    {
        var random = new Random(42);
        var options = new DiagLinUcbOptions(Alpha: 1, Epsilon: 0.05);
        SurfaceModel model = scoring is null ? new SurfaceModel(dimension, options) : new SurfaceModel(dimension, options, scoring);
        var values = new float[dimension];
        for (int j = 0; j < items; j++)
        {
            string id = $"item-{j}";
            model.UpsertItem(id);
            for (int c = 0; c < dimension; c++)
            {
                values[c] = (float)random.NextDouble();
            }

            model.Apply(id, FeatureVector.Dense(values, dimension), random.NextDouble());
        }

        return model;
    }

    public static FeatureVector RandomContext(Random random, int dimension)
    {
        var values = new float[dimension];
        for (int c = 0; c < dimension; c++)
        {
            values[c] = (float)random.NextDouble();
        }

        return FeatureVector.Dense(values, dimension);
    }
}
