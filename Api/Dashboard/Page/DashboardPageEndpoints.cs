namespace BanditServe.Api.Dashboard.Page;

/// <summary>Serves the page and its assets; they hold no data, so they need no key.</summary>
public static class DashboardPageEndpoints
{
    public static IResult GetIndex(HttpContext context) => Serve(context, "index.html");

    public static IResult GetAsset(string asset, HttpContext context) => Serve(context, asset);

    private static IResult Serve(HttpContext context, string name)
    {
        if (!DashboardPage.Assets.TryGetValue(name, out var asset))
        {
            return Http.ApiProblems.NotFound("asset", $"the dashboard has no file '{name}'");
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidate on every load: a server upgrade must never leave an old script in a browser cache.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = DashboardPage.ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
