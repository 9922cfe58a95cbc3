using System.Globalization;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>One Kestrel listen URL such as <c>http://+:8080</c>; <c>+</c> and <c>*</c> mean every interface.</summary>
public sealed record ListenAddress(string Scheme, string Host, int Port)
{
    public bool IsEveryInterface => Host is "+" or "*" or "0.0.0.0" or "[::]";

    public static ListenAddress? TryParse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        var scheme = url[..schemeEnd];
        var authority = url[(schemeEnd + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (scheme is not ("http" or "https") || colon <= 0
            || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        return new ListenAddress(scheme, authority[..colon], port);
    }

    /// <summary>The same address on another port.</summary>
    public string WithPort(int port) => $"{Scheme}://{Host}:{port}";
}
