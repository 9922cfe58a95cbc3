using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Tests.Surfaces;

/// <summary>Server-assigned event ids are version 7 UUIDs as <c>Guid.CreateVersion7</c> writes them, and never repeat.</summary>
public sealed class EventIdsTests
{
    [Fact]
    public void Ids_are_version_7_uuids_of_the_given_millisecond()
    {
        var at = new DateTimeOffset(2026, 12, 7, 6, 30, 15, 123, TimeSpan.Zero);

        var id = EventIds.NewVersion7(at);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        var guid = Guid.Parse(id);
        Assert.Equal(7, guid.Version);
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16));

        // Same shape and same timestamp field as the runtime's own version 7 UUIDs.
        var reference = Guid.CreateVersion7(at).ToString();
        Assert.Equal(reference[..13], id[..13]);
        Assert.Equal(reference.Length, id.Length);
    }

    [Fact]
    public void Ids_do_not_repeat_across_refills_and_threads()
    {
        var at = DateTimeOffset.UtcNow;
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                Assert.True(seen.TryAdd(EventIds.NewVersion7(at), 0));
            }
        });

        Assert.Equal(100_000, seen.Count);
    }

    [Fact]
    public void The_random_bits_are_spread_evenly()
    {
        // 74 random bits per id: every hex digit after the version and variant should appear about equally often.
        var counts = new int[16];
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20_000; i++)
        {
            var hex = EventIds.NewVersion7(at).Replace("-", "", StringComparison.Ordinal);
            foreach (var c in hex[20..])
            {
                counts[Convert.ToInt32(c.ToString(), 16)]++;
            }
        }

        var expected = 20_000 * 12 / 16.0;
        Assert.All(counts, count => Assert.InRange(count, expected * 0.9, expected * 1.1));
    }

    [Fact]
    public void Times_outside_48_bits_of_milliseconds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EventIds.NewVersion7(new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }
}
