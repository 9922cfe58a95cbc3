using System.Text;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Learning;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// A learner (test double of our own port) whose "model" is the list of examples it learned;
/// its state is that list, so restoring a checkpoint shows exactly what the model reflected.
/// </summary>
internal sealed class RecordingLearningSink(Func<JoinedExample, string?>? refuse = null) : ILearningSink
{
    private readonly Lock _gate = new();
    private readonly List<string> _learned = [];
    private readonly List<JoinedExample> _examples = [];

    /// <summary>Keys "eventId/itemId=reward" (+ " default") of everything the model reflects.</summary>
    public IReadOnlyList<string> Learned
    {
        get
        {
            lock (_gate)
            {
                return [.. _learned];
            }
        }
    }

    /// <summary>Examples applied by this instance (not restored ones).</summary>
    public IReadOnlyList<JoinedExample> Examples
    {
        get
        {
            lock (_gate)
            {
                return [.. _examples];
            }
        }
    }

    public static string Key(JoinedExample example) =>
        $"{example.EventId}/{example.ItemId}={example.Reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(example.IsDefaultReward ? " default" : "")}";

    public LearningResult Apply(JoinedExample example)
    {
        if (refuse?.Invoke(example) is { } reason)
        {
            return LearningResult.Rejected(reason);
        }

        lock (_gate)
        {
            _learned.Add(Key(example));
            _examples.Add(example);
        }

        return LearningResult.Success;
    }

    public byte[] CaptureState()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetBytes(string.Join('\n', _learned));
        }
    }

    public void RestoreState(byte[] state)
    {
        lock (_gate)
        {
            _learned.Clear();
            string text = Encoding.UTF8.GetString(state);
            if (text.Length > 0)
            {
                _learned.AddRange(text.Split('\n'));
            }
        }
    }
}
