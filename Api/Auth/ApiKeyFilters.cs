using BanditServe.Api.Http;

namespace BanditServe.Api.Auth;

/// <summary>Endpoint filters that enforce API.md's admin and client keys on a route group.</summary>
public static class ApiKeyFilters
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var validator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyValidator>();
            var key = context.HttpContext.Request.Headers[ApiKeyValidator.HeaderName].ToString();
            if (!validator.IsAdmin(string.IsNullOrEmpty(key) ? null : key))
            {
                return ApiProblems.Unauthorized(string.IsNullOrEmpty(key) ? "an admin key is required" : "the key is not an admin key");
            }

            return await next(context);
        });

    public static TBuilder RequireClientKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var validator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyValidator>();
            if (validator.ClientKeysRequired)
            {
                var key = context.HttpContext.Request.Headers[ApiKeyValidator.HeaderName].ToString();
                if (!validator.IsClient(string.IsNullOrEmpty(key) ? null : key))
                {
                    return ApiProblems.Unauthorized(string.IsNullOrEmpty(key) ? "a client key is required" : "the key is not valid");
                }
            }

            return await next(context);
        });
}
