namespace BanditServe.Api.Auth;

/// <summary>
/// API keys (configuration section <c>Auth</c>; env <c>Auth__AdminKeys__0</c>, <c>Auth__ClientKeys__0</c>, …).
/// </summary>
/// <remarks>
/// To add a setting: 1. add the property with its default here; 2. document it in docs/operations.md;
/// 3. validate it in <see cref="ApiKeyValidator"/> if it can be wrong.
/// </remarks>
public sealed class AuthOptions
{
    /// <summary>Keys that may call admin endpoints. Empty: a random key is generated and logged once at start.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Keys that may call rank and reward. Empty: rank and reward are open.</summary>
    public List<string> ClientKeys { get; set; } = [];
}
