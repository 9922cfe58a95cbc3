using System.Buffers;

namespace BanditServe.Api.Http;

/// <summary>Surface and item ids: 1–128 chars of <c>[A-Za-z0-9._:-]</c> (API.md "Surfaces").</summary>
public static class Identifiers
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(Allowed);

    public static string Describe => "must be 1-128 characters of [A-Za-z0-9._:-]";
}
