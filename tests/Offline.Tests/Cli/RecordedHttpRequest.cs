namespace BanditServe.Offline.Tests.Cli;

/// <summary>One request received by <see cref="ModelEndpointStub"/>.</summary>
public sealed record RecordedHttpRequest(string Method, string Path, string? ApiKey, string? ContentType, byte[] Body);
