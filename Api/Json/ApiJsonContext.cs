using System.Text.Json;
using System.Text.Json.Serialization;
using BanditServe.Api.Contracts;
using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Json;

/// <summary>Source-generated JSON for every request and response body (camelCase, strict numbers).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SurfaceConfigurationRequest))]
[JsonSerializable(typeof(SurfaceResponse))]
[JsonSerializable(typeof(SurfaceListResponse))]
[JsonSerializable(typeof(RecoverySettings))]
[JsonSerializable(typeof(ItemUpsertRequest))]
[JsonSerializable(typeof(ItemsBatchRequest))]
[JsonSerializable(typeof(ItemsBatchResponse))]
[JsonSerializable(typeof(ItemResponse))]
[JsonSerializable(typeof(RankRequest))]
[JsonSerializable(typeof(RankResponse))]
[JsonSerializable(typeof(RewardRequest))]
[JsonSerializable(typeof(RewardsBatchRequest))]
[JsonSerializable(typeof(RewardAcceptedResponse))]
[JsonSerializable(typeof(RewardsBatchResponse))]
[JsonSerializable(typeof(ScheduleResponse))]
[JsonSerializable(typeof(SnapshotResponse))]
[JsonSerializable(typeof(ModelDocument))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
