using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Auth;

/// <summary>Checks <c>X-Api-Key</c> against the configured keys in constant time.</summary>
/// <remarks>
/// Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so
/// neither the content nor the length of a configured key leaks through response timing, and every
/// configured key is compared (no early exit on the first match).
/// </remarks>
public sealed class ApiKeyValidator
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _adminDigests;
    private readonly byte[][] _clientDigests;

    public ApiKeyValidator(IOptions<AuthOptions> options, ILogger<ApiKeyValidator> logger)
    {
        var admin = options.Value.AdminKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (admin.Count == 0)
        {
            var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            admin.Add(generated);
            GeneratedAdminKey = generated;
            Log.GeneratedAdminKey(logger, generated);
        }

        _adminDigests = [.. admin.Select(Digest)];
        _clientDigests = [.. options.Value.ClientKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Digest)];
    }

    /// <summary>The key generated at start when none was configured; null otherwise.</summary>
    public string? GeneratedAdminKey { get; }

    public bool ClientKeysRequired => _clientDigests.Length > 0;

    public bool IsAdmin(string? key) => key is not null && MatchesAny(Digest(key), _adminDigests);

    public bool IsClient(string? key)
    {
        if (key is null)
        {
            return false;
        }

        var digest = Digest(key);
        // Evaluate both lists unconditionally: timing must not reveal which kind of key matched.
        var admin = MatchesAny(digest, _adminDigests);
        var client = MatchesAny(digest, _clientDigests);
        return admin | client;
    }

    private static bool MatchesAny(byte[] digest, byte[][] candidates)
    {
        var match = false;
        foreach (var candidate in candidates)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, candidate);
        }

        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
