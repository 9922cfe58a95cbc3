using System.Text.Json;

namespace BanditServe.Bandits.Tests.DiagLinUcb;

public sealed class SnapshotTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(5_000_000)]
    public void Export_through_json_and_import_round_trips_exactly(int dimension)
    {
        SurfaceModel model = Trained(dimension);

        string json = JsonSerializer.Serialize(model.Export());
        SurfaceModel imported = SurfaceModel.Import(JsonSerializer.Deserialize<SurfaceModelSnapshot>(json)!);

        AssertSameModel(model, imported);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(5_000_000)]
    public void Bytes_round_trip_exactly(int dimension)
    {
        SurfaceModel model = Trained(dimension);

        byte[] bytes = model.ToBytes();
        SurfaceModel restored = SurfaceModel.FromBytes(bytes);

        Assert.Equal(bytes, restored.ToBytes());
        AssertSameModel(model, restored);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(5_000_000)]
    public void Bytes_are_what_a_binary_writer_over_the_export_writes(int dimension)
    {
        // Dense (d = 8) and sparse (d = 5M) statistics; items shown and unshown, inactive, and an id of 128 bytes
        // (a two-byte length prefix).
        SurfaceModel model = Trained(dimension);
        model.UpsertItem(new string('x', 128), active: true);
        model.Apply(new string('x', 128), FeatureVector.Sparse([0], [0.5f], dimension), 1.0);

        Assert.Equal(BinaryWriterEncoding(model.Export()), model.ToBytes());
        Assert.Equal(BinaryWriterEncoding(model.Export()), SurfaceModelBinaryFormat.Write(model.Export()));
    }

    /// <summary>The format's first encoder (format 1 as the byte map in <see cref="SurfaceModelBinaryFormat"/> gives it).</summary>
    private static byte[] BinaryWriterEncoding(SurfaceModelSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("BSDL"u8);
            writer.Write((ushort)1);
            writer.Write(snapshot.Dimension);
            writer.Write(snapshot.Options.Alpha);
            writer.Write(snapshot.Options.Epsilon);
            writer.Write(snapshot.Options.Ridge);
            writer.Write(snapshot.Options.Forgetting);
            writer.Write(snapshot.ModelVersion);
            writer.Write(snapshot.Items.Count);
            foreach (ItemSnapshot item in snapshot.Items)
            {
                writer.Write(item.ItemId);
                writer.Write((byte)((item.Active ? 1 : 0) | (item.LastShownAt is null ? 0 : 2)));
                writer.Write(item.Impressions);
                writer.Write(item.RewardsApplied);
                writer.Write(item.RewardSum);
                if (item.LastShownAt is { } lastShownAt)
                {
                    writer.Write(lastShownAt.UtcTicks);
                }

                writer.Write(item.Indices.Length);
                foreach (int index in item.Indices)
                {
                    writer.Write(index);
                }

                foreach (double value in item.SumSquares.Concat(item.SumRewards))
                {
                    writer.Write(value);
                }
            }
        }

        return stream.ToArray();
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_refused()
    {
        byte[] bytes = Trained(8).ToBytes();

        Assert.Throws<InvalidDataException>(() => SurfaceModel.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<InvalidDataException>(() => SurfaceModel.FromBytes("not a model"u8));
        byte[] futureFormat = (byte[])bytes.Clone();
        futureFormat[4] = 99;
        Assert.Throws<InvalidDataException>(() => SurfaceModel.FromBytes(futureFormat));
    }

    [Fact]
    public void Import_refuses_precision_below_ridge_naming_the_coordinate()
    {
        SurfaceModelSnapshot snapshot = Trained(8).Export();
        ItemSnapshot first = snapshot.Items[0];
        double[] sumSquares = (double[])first.SumSquares.Clone();
        sumSquares[0] = -0.5;
        SurfaceModelSnapshot broken = snapshot with { Items = [first with { SumSquares = sumSquares }, .. snapshot.Items.Skip(1)] };

        var error = Assert.Throws<BanditArgumentException>(() => SurfaceModel.Import(broken));

        Assert.Equal("items[0].sumSquares[0]", error.Field);
    }

    [Fact]
    public void Import_refuses_non_finite_statistics_unsorted_indices_and_duplicate_items()
    {
        SurfaceModelSnapshot snapshot = Trained(8).Export();
        ItemSnapshot first = snapshot.Items[0];

        double[] nan = (double[])first.SumRewards.Clone();
        nan[0] = double.NaN;
        Assert.Equal("items[0].sumRewards[0]", Assert.Throws<BanditArgumentException>(
            () => SurfaceModel.Import(snapshot with { Items = [first with { SumRewards = nan }] })).Field);

        ItemSnapshot unsorted = first with { Indices = [3, 1], SumSquares = [1, 1], SumRewards = [0, 0] };
        Assert.Equal("items[0].indices[1]", Assert.Throws<BanditArgumentException>(
            () => SurfaceModel.Import(snapshot with { Items = [unsorted] })).Field);

        Assert.Equal("items[1].itemId", Assert.Throws<BanditArgumentException>(
            () => SurfaceModel.Import(snapshot with { Items = [first, first] })).Field);

        Assert.Equal("ridge", Assert.Throws<BanditArgumentException>(
            () => SurfaceModel.Import(snapshot with { Options = new DiagLinUcbOptions(Ridge: -1) })).Field);
    }

    private static SurfaceModel Trained(int dimension)
    {
        var random = new Random(7);
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 0.4, Epsilon: 0.1, Ridge: 0.7, Forgetting: 0.999));
        for (int j = 0; j < 12; j++)
        {
            model.UpsertItem($"item-{j}", active: j != 3);
        }

        for (int n = 0; n < 400; n++)
        {
            int[] indices = [.. Enumerable.Range(0, 8).Where(_ => random.NextDouble() < 0.5).Select(c => c * (dimension / 8))];
            model.Apply($"item-{random.Next(12)}", FeatureVector.Sparse(indices, [.. indices.Select(_ => (float)random.NextDouble())], dimension), random.NextDouble());
        }

        model.Rank(FeatureVector.Sparse([0], [1f], dimension), null, null, 3, 9, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        return model;
    }

    private static void AssertSameModel(SurfaceModel expected, SurfaceModel actual)
    {
        Assert.Equal(expected.Dimension, actual.Dimension);
        Assert.Equal(expected.Options, actual.Options);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.ItemIds(activeOnly: false), actual.ItemIds(activeOnly: false));
        Assert.Equal(expected.ItemIds(activeOnly: true), actual.ItemIds(activeOnly: true));
        foreach (string id in expected.ItemIds(activeOnly: false))
        {
            ItemState a = expected.GetItem(id)!;
            ItemState b = actual.GetItem(id)!;
            Assert.Equal((a.Active, a.Impressions, a.RewardsApplied, a.MeanReward, a.LastShownAt), (b.Active, b.Impressions, b.RewardsApplied, b.MeanReward, b.LastShownAt));
            Assert.Equal(a.Theta, b.Theta);
            Assert.Equal(a.Precision, b.Precision);
            Assert.Equal(a.Sparse?.Indices, b.Sparse?.Indices);
            Assert.Equal(a.Sparse?.Theta, b.Sparse?.Theta);
            Assert.Equal(a.Sparse?.Precision, b.Sparse?.Precision);
        }

        FeatureVector probe = FeatureVector.Sparse([0, expected.Dimension / 2], [0.3f, 0.9f], expected.Dimension);
        RankOutcome left = expected.Rank(probe, null, null, 5, 77);
        RankOutcome right = actual.Rank(probe, null, null, 5, 77);
        Assert.Equal(left.Items, right.Items);
    }
}
