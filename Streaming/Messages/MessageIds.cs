namespace BanditServe.Streaming.Messages;

/// <summary>Shape rules for ids in messages (API.md: surface and item ids are 1–128 chars of <c>[A-Za-z0-9._:-]</c>).</summary>
internal static class MessageIds
{
    /// <summary>Event ids come from clients too; they are bounded but not restricted in alphabet.</summary>
    public const int MaxEventIdLength = 256;

    public static bool IsValidName(string? value)
    {
        if (value is null || value.Length is 0 or > 128)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidEventId(string value) =>
        value.Length is > 0 and <= MaxEventIdLength && !value.Any(char.IsControl);
}
