using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Kafka;

/// <summary>Refuses bad <see cref="KafkaOptions"/> at start (ValidateOnStart), naming each key.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
