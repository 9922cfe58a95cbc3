namespace BanditServe.Api.Dashboard.Page;

/// <summary>One static file of the dashboard.</summary>
/// <param name="Content">The UTF-8 bytes.</param>
/// <param name="ContentType">The <c>Content-Type</c> header value.</param>
/// <param name="ETag">A strong entity tag of the content.</param>
public sealed record DashboardAsset(ReadOnlyMemory<byte> Content, string ContentType, string ETag);
