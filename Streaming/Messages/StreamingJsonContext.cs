using System.Text.Json.Serialization;

namespace BanditServe.Streaming.Messages;

/// <summary>Source-generated JSON metadata for the topic messages: camelCase, nulls omitted, strict nullability.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(DecisionMessage))]
[JsonSerializable(typeof(RewardMessage))]
public sealed partial class StreamingJsonContext : JsonSerializerContext;
