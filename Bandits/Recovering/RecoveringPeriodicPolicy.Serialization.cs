using System.Text;

namespace BanditServe.Bandits.Recovering;

/// <summary>Checkpoint bytes: an exact, versioned binary image of the policy.</summary>
public sealed partial class RecoveringPeriodicPolicy
{
    // "BSRP" little-endian.
    private const uint Magic = 0x50525342;
    private const int FormatVersion = 1;

    /// <summary>Writes the whole state: options, seed, items, statistics and the retained plans.</summary>
    /// <remarks>
    /// Layout (little-endian): magic "BSRP", format version, the options, seed, version, plan version,
    /// latest served period, origin, re-plan flag; the items (UTF-8 id, active); per item d_max counts,
    /// sums and counts at the last plan; the plans (version, effective period, anchor, then
    /// item index, period and phase per planned item). <see cref="FromBytes"/> of the result
    /// gives a policy that answers every call exactly as this one does.
    /// </remarks>
    public byte[] ToBytes()
    {
        lock (_gate)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(Options.PeriodSeconds);
                writer.Write(Options.SlotsPerPeriod);
                writer.Write(Options.MaxIdlePeriods);
                writer.Write(Options.AllowClientClock);
                writer.Write(Options.DefaultReward);
                writer.Write(Options.MaxReward);
                writer.Write(Options.HistoryPeriods);
                writer.Write(Seed);
                writer.Write(_version);
                writer.Write(_planVersion);
                writer.Write(_latestServed);
                writer.Write(_origin);
                writer.Write(_replanNeeded);

                writer.Write(_itemIds.Count);
                for (int arm = 0; arm < _itemIds.Count; arm++)
                {
                    writer.Write(_itemIds[arm]);
                    writer.Write(_active[arm]);
                }

                foreach (long count in _statistics.Counts)
                {
                    writer.Write(count);
                }

                foreach (double sum in _statistics.Sums)
                {
                    writer.Write(sum);
                }

                foreach (long count in _statistics.CountsAtPlan)
                {
                    writer.Write(count);
                }

                writer.Write(_plans.Length);
                foreach (SchedulePlan plan in _plans)
                {
                    writer.Write(plan.Version);
                    writer.Write(plan.EffectiveFrom);
                    writer.Write(plan.Anchor);
                    writer.Write(plan.Arms.Length);
                    for (int position = 0; position < plan.Arms.Length; position++)
                    {
                        writer.Write(plan.Arms[position]);
                        writer.Write(plan.Periods[position]);
                        writer.Write(plan.Phases[position]);
                    }
                }
            }

            return stream.ToArray();
        }
    }

    /// <summary>Restores a policy written by <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The checkpoint.</param>
    /// <exception cref="ArgumentException">The bytes are not a valid checkpoint of this format.</exception>
    public static RecoveringPeriodicPolicy FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8);
            return Read(reader);
        }
        catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or ArgumentException or IOException)
        {
            throw new ArgumentException($"Not a recovering-periodic checkpoint: {exception.Message}", nameof(bytes), exception);
        }
    }

    private static RecoveringPeriodicPolicy Read(BinaryReader reader)
    {
        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("wrong magic number.");
        }

        int format = reader.ReadInt32();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"unknown format version {format}.");
        }

        var options = new RecoveryOptions(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadDouble())
        {
            MaxReward = reader.ReadDouble(),
            HistoryPeriods = reader.ReadInt32(),
        };
        var policy = new RecoveringPeriodicPolicy(options, reader.ReadUInt64())
        {
            _version = reader.ReadInt64(),
            _planVersion = reader.ReadInt64(),
            _latestServed = reader.ReadInt64(),
            _origin = reader.ReadInt64(),
            _replanNeeded = reader.ReadBoolean(),
        };

        int items = ReadCount(reader, "item");
        for (int arm = 0; arm < items; arm++)
        {
            string itemId = reader.ReadString();
            if (itemId.Length == 0 || !policy._armOf.TryAdd(itemId, arm))
            {
                throw new InvalidDataException($"empty or repeated item id at index {arm}.");
            }

            policy._itemIds.Add(itemId);
            policy._active.Add(reader.ReadBoolean());
            policy._statistics.AddArm();
        }

        int cells = items * options.MaxIdlePeriods;
        long[] counts = ReadArray(reader, cells, static r => r.ReadInt64());
        double[] sums = ReadArray(reader, cells, static r => r.ReadDouble());
        long[] countsAtPlan = ReadArray(reader, cells, static r => r.ReadInt64());
        for (int arm = 0; arm < items; arm++)
        {
            var row = new Range(arm * options.MaxIdlePeriods, (arm + 1) * options.MaxIdlePeriods);
            policy._statistics.SetRow(arm, counts.AsSpan(row), sums.AsSpan(row), countsAtPlan.AsSpan(row));
        }

        int planCount = ReadCount(reader, "plan");
        var plans = new SchedulePlan[planCount];
        for (int k = 0; k < planCount; k++)
        {
            plans[k] = ReadPlan(reader, policy, items);
            if (k > 0 && plans[k].EffectiveFrom <= plans[k - 1].EffectiveFrom)
            {
                throw new InvalidDataException("plans out of order.");
            }
        }

        policy._plans = plans;
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("trailing bytes.");
        }

        return policy;
    }

    private static SchedulePlan ReadPlan(BinaryReader reader, RecoveringPeriodicPolicy policy, int items)
    {
        long version = reader.ReadInt64();
        long effectiveFrom = reader.ReadInt64();
        long anchor = reader.ReadInt64();
        int planned = ReadCount(reader, "planned item");
        var arms = new int[planned];
        var ids = new string[planned];
        var periods = new int[planned];
        var phases = new int[planned];
        for (int position = 0; position < planned; position++)
        {
            arms[position] = reader.ReadInt32();
            periods[position] = reader.ReadInt32();
            phases[position] = reader.ReadInt32();
            bool armValid = arms[position] >= 0 && arms[position] < items && (position == 0 || arms[position] > arms[position - 1]);
            bool periodValid = periods[position] >= 1 && periods[position] <= policy.Options.MaxIdlePeriods;
            if (!armValid || !periodValid || phases[position] < 0 || phases[position] >= periods[position])
            {
                throw new InvalidDataException($"invalid planned item at position {position} of plan {version}.");
            }

            ids[position] = policy._itemIds[arms[position]];
        }

        return new SchedulePlan(version, effectiveFrom, anchor, arms, ids, periods, phases);
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        int count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length
            ? count
            : throw new InvalidDataException($"invalid {what} count {count}.");
    }

    private static T[] ReadArray<T>(BinaryReader reader, int length, Func<BinaryReader, T> read)
    {
        var values = new T[length];
        for (int k = 0; k < length; k++)
        {
            values[k] = read(reader);
        }

        return values;
    }
}
