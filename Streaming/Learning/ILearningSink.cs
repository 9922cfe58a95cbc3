using BanditServe.Streaming.Join;

namespace BanditServe.Streaming.Learning;

/// <summary>
/// The model as the stream consumer sees it; implemented by the composition root. Every member is
/// called on the consumer thread only.
/// </summary>
public interface ILearningSink
{
    /// <summary>Learns one joined example.</summary>
    /// <returns>Applied, or rejected with a reason (unknown item, wrong dimension…); a rejected example is dead-lettered.</returns>
    LearningResult Apply(JoinedExample example);

    /// <summary>The whole model state, opaque to Streaming, saved with the offsets it reflects.</summary>
    byte[] CaptureState();

    /// <summary>Replaces the model state with one from <see cref="CaptureState"/>.</summary>
    void RestoreState(byte[] state);
}
