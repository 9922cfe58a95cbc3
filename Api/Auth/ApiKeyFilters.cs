using BanditServe.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

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
            return ClientKeyProblem(context.HttpContext.Request, validator) ?? await next(context);
        });

    /// <summary>
    /// The 401 a request without a valid client key gets when client keys are configured; null when it may pass.
    /// What <see cref="RequireClientKey"/> checks, for an endpoint that checks it itself (rank: a filter costs every
    /// request an invocation context, its boxed arguments and an async step).
    /// </summary>
    public static ProblemHttpResult? ClientKeyProblem(HttpRequest request, ApiKeyValidator validator)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(validator);
        if (!validator.ClientKeysRequired)
        {
            return null;
        }

        var key = request.Headers[ApiKeyValidator.HeaderName].ToString();
        return validator.IsClient(string.IsNullOrEmpty(key) ? null : key)
            ? null
            : ApiProblems.Unauthorized(string.IsNullOrEmpty(key) ? "a client key is required" : "the key is not valid");
    }
}
