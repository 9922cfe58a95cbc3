namespace BanditServe.Streaming.Kafka;

/// <summary>Kafka did not acknowledge a message in time; the API answers <c>503</c>.</summary>
public sealed class KafkaUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Kafka error behind it.</summary>
    public KafkaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
