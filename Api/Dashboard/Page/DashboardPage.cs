using System.Security.Cryptography;
using System.Text;

namespace BanditServe.Api.Dashboard.Page;

/// <summary>
/// The dashboard's static assets, compiled into the Api assembly (no files to deploy, nothing fetched
/// at run time) and served under <c>/dashboard</c>. Plain HTML, CSS and vanilla JS with SVG charts:
/// there is no build step and no third-party script.
/// </summary>
public static partial class DashboardPage
{
    /// <summary>
    /// The page may load its own script and style only and talk only to this server, so a hostile item
    /// id can never run script even if some view forgot to escape it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The assets by file name, with content type and a content hash for <c>ETag</c>.</summary>
    public static IReadOnlyDictionary<string, DashboardAsset> Assets { get; } = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal)
    {
        ["index.html"] = Asset(Html, "text/html; charset=utf-8"),
        ["dashboard.js"] = Asset(Script, "text/javascript; charset=utf-8"),
        ["dashboard.css"] = Asset(Styles, "text/css; charset=utf-8"),
    };

    private static DashboardAsset Asset(string text, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new DashboardAsset(bytes, contentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }
}
