using System.Runtime.InteropServices;
using System.Text;
using BanditServe.Streaming.Collections;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>Checkpoint format of the join (binary, little-endian, versioned).</summary>
public sealed partial class RewardJoin
{
    // "BSRJ" then a format version; readers refuse versions they do not know.
    private const uint StateMagic = 0x4A525342;
    private const byte StateVersion = 1;

    /// <summary>Serializes the whole join state (open and remembered decisions, held rewards, clock).</summary>
    /// <remarks>
    /// The layout is <see cref="BinaryWriter"/>'s over UTF-8 (strings with a 7-bit length prefix, numbers little-endian), as
    /// the reader expects; <see cref="ChunkedBinaryWriter"/> writes the same bytes without a string per id or a
    /// doubling buffer.
    /// </remarks>
    public byte[] ToBytes()
    {
        lock (_gate)
        {
            using var writer = new ChunkedBinaryWriter();
            WriteState(writer);
            return writer.ToArray();
        }
    }

    /// <summary>
    /// Writes what <see cref="ToBytes"/> returns into <paramref name="destination"/> through one reused 1 MB buffer: a
    /// loaded server's state is tens of MB, which as one array meant as much fresh memory (page faults, a large-object
    /// collection) on the consumer thread every checkpoint.
    /// </summary>
    /// <returns>The bytes written.</returns>
    public long WriteTo(Stream destination)
    {
        lock (_gate)
        {
            using var writer = new ChunkedBinaryWriter(destination);
            WriteState(writer);
            writer.Flush();
            return writer.Length;
        }
    }

    private void WriteState(ChunkedBinaryWriter writer)
    {
        writer.Write(StateMagic);
        writer.Write(StateVersion);
        writer.Write(_now.UtcTicks);
        WriteEntries(writer, _decisions, DecisionState.Open, _decisions.OpenCount);
        WriteEntries(writer, _decisions, DecisionState.Closed, _decisions.ClosedCount);
        writer.Write(_held.Count);
        foreach (var (eventId, waiting) in _held)
        {
            writer.WriteString(eventId);
            writer.Write(waiting.Count);
            foreach (var held in waiting)
            {
                writer.WriteString(held.Reward.ItemId);
                writer.Write(held.Reward.Reward);
                writer.Write(held.Reward.At.UtcTicks);
                writer.Write(held.ExpiresAt.UtcTicks);
                WriteBytes(writer, held.OriginalValue);
            }
        }
    }

    /// <summary>A join restored from <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a join state this version can read.</exception>
    public static RewardJoin FromBytes(byte[] state, ISurfaceDirectory surfaces, RewardJoinOptions options)
    {
        var join = new RewardJoin(surfaces, options);
        join.RestoreFrom(state);
        return join;
    }

    /// <summary>Replaces this join's state with one saved by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a join state this version can read.</exception>
    public void RestoreFrom(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != StateMagic || reader.ReadByte() != StateVersion)
            {
                throw new InvalidDataException("not a reward join state of version 1");
            }

            var now = ReadTime(reader);
            // A table of its own, swapped in at the end: the join's is only touched under its lock.
            var decisions = new DecisionTable();
            ReadEntries(reader, decisions, DecisionState.Open);
            ReadEntries(reader, decisions, DecisionState.Closed);
            var held = new List<(string EventId, List<HeldReward> Waiting)>();
            int heldEvents = ReadCount(reader);
            for (int e = 0; e < heldEvents; e++)
            {
                string eventId = reader.ReadString();
                int count = ReadCount(reader);
                var waiting = new List<HeldReward>(count);
                for (int i = 0; i < count; i++)
                {
                    var reward = new RewardMessage
                    {
                        EventId = eventId,
                        ItemId = reader.ReadString(),
                        Reward = reader.ReadDouble(),
                        At = ReadTime(reader),
                    };
                    waiting.Add(new HeldReward(reward, ReadTime(reader), ReadBytes(reader)));
                }

                held.Add((eventId, waiting));
            }

            lock (_gate)
            {
                Reset();
                _now = now;
                _decisions = decisions;
                foreach (int r in decisions.Records())
                {
                    if (decisions.State(r) == DecisionState.Open)
                    {
                        ScheduleClose(r);
                    }
                    else
                    {
                        ScheduleForget(r);
                    }
                }

                foreach (var (eventId, waiting) in held)
                {
                    _held.Add(eventId, waiting);
                    _heldCount += waiting.Count;
                    foreach (var reward in waiting)
                    {
                        _heldQueue.Enqueue(eventId, reward.ExpiresAt);
                    }
                }
            }
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("the reward join state is truncated", exception);
        }
        catch (FormatException exception)
        {
            // A string's length prefix that is not a valid 7-bit encoded integer.
            throw new InvalidDataException("the reward join state is corrupted", exception);
        }
    }

    private void Reset()
    {
        _decisions = new DecisionTable();
        _held.Clear();
        _closeQueue.Clear();
        _forgetQueue.Clear();
        _heldQueue.Clear();
        _heldCount = 0;
        _now = DateTimeOffset.MinValue;
    }

    private static void WriteEntries(ChunkedBinaryWriter writer, DecisionTable decisions, DecisionState state, int count)
    {
        writer.Write(count);
        int written = 0;
        foreach (int r in decisions.Records())
        {
            if (decisions.State(r) != state)
            {
                continue;
            }

            writer.WriteString(decisions.EventId(r));
            writer.WriteString(decisions.Surface(r));
            writer.Write(decisions.Deadline(r).UtcTicks);
            var defaultReward = decisions.DefaultReward(r);
            writer.Write(defaultReward.HasValue);
            writer.Write(defaultReward.GetValueOrDefault());
            var period = decisions.Period(r);
            writer.Write(period.HasValue);
            writer.Write(period.GetValueOrDefault());
            writer.Write(decisions.ItemCount(r));
            int cursor = 0;
            while (decisions.NextItem(r, ref cursor, out var itemId, out bool rewarded))
            {
                writer.WriteString(itemId);
                writer.Write(rewarded);
            }

            if (state == DecisionState.Open)
            {
                WriteFeatures(writer, decisions, r);
            }

            written++;
        }

        // The count is written first: a table whose counts disagree with its records would write a state that
        // cannot be read back, so refuse it here rather than find out on restore.
        if (written != count)
        {
            throw new InvalidOperationException($"the join holds {written} {state} decisions but counted {count}");
        }
    }

    private static void ReadEntries(BinaryReader reader, DecisionTable decisions, DecisionState state)
    {
        int count = ReadCount(reader);
        for (int e = 0; e < count; e++)
        {
            string eventId = reader.ReadString();
            string surface = reader.ReadString();
            var deadline = ReadTime(reader);
            bool hasDefault = reader.ReadBoolean();
            double defaultReward = reader.ReadDouble();
            bool hasPeriod = reader.ReadBoolean();
            long period = reader.ReadInt64();
            int itemCount = ReadCount(reader);
            var items = new List<DecisionItem>(Math.Min(itemCount, 1024));
            var rewarded = new List<int>();
            for (int i = 0; i < itemCount; i++)
            {
                string itemId = reader.ReadString();
                if (!MessageIds.IsValidName(itemId))
                {
                    throw new InvalidDataException($"item id '{itemId[..Math.Min(itemId.Length, 128)]}' in the reward join state is not a valid id");
                }

                items.Add(new DecisionItem { ItemId = itemId, Slot = i, Score = 0, Propensity = 0 });
                if (reader.ReadBoolean())
                {
                    rewarded.Add(i);
                }
            }

            var features = state == DecisionState.Open ? ReadFeatures(reader) : ContextFeatures.None;
            if (decisions.Find(eventId) >= 0)
            {
                throw new InvalidDataException($"event '{eventId}' appears twice in the reward join state");
            }

            int r = decisions.Add(
                eventId, surface, deadline.UtcTicks, hasDefault ? defaultReward : null, hasPeriod ? period : null,
                CollectionsMarshal.AsSpan(items), features.Dense, features.Sparse);
            foreach (int index in rewarded)
            {
                decisions.MarkRewarded(r, decisions.FindItem(r, items[index].ItemId));
            }

            if (state == DecisionState.Closed)
            {
                decisions.Close(r);
            }
        }
    }

    private static void WriteFeatures(ChunkedBinaryWriter writer, DecisionTable decisions, int r)
    {
        byte kind = decisions.FeatureViews(r, out var values, out var indices);
        writer.Write(kind);
        if (kind == 2)
        {
            writer.Write(indices.Length);
            writer.Write(indices);
        }

        if (kind != 0)
        {
            writer.Write(values.Length);
            writer.Write(values);
        }
    }

    private static ContextFeatures ReadFeatures(BinaryReader reader)
    {
        switch (reader.ReadByte())
        {
            case 0:
                return ContextFeatures.None;
            case 1:
                return new ContextFeatures(ReadFloats(reader), null);
            case 2:
                var indices = new int[ReadCount(reader)];
                for (int i = 0; i < indices.Length; i++)
                {
                    indices[i] = reader.ReadInt32();
                }

                var values = ReadFloats(reader);
                if (values.Length != indices.Length)
                {
                    throw new InvalidDataException("a sparse context in the reward join state has different numbers of indices and values");
                }

                return new ContextFeatures(null, new SparseFeatureVector { Indices = indices, Values = values });
            default:
                throw new InvalidDataException("unknown feature encoding in the reward join state");
        }
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[ReadCount(reader)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    private static void WriteBytes(ChunkedBinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        return length == -1 ? null : reader.ReadBytes(ReadCountValue(reader, length));
    }

    /// <summary>A length prefix; negative or beyond what is left of the state means a corrupted state.</summary>
    private static int ReadCount(BinaryReader reader) => ReadCountValue(reader, reader.ReadInt32());

    private static int ReadCountValue(BinaryReader reader, int count)
    {
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("a length in the reward join state is out of range");
        }

        return count;
    }

    private static DateTimeOffset ReadTime(BinaryReader reader) => new(reader.ReadInt64(), TimeSpan.Zero);
}
