namespace BanditServe.Bandits;

/// <summary>
/// A 128-bit key whose order agrees with the ordinal order of item ids: for ids <c>a</c> and <c>b</c>,
/// <c>Of(a) &lt; Of(b)</c> implies <c>string.CompareOrdinal(a, b) &lt; 0</c>; equal keys say nothing and
/// the ids must be compared.
/// </summary>
/// <remarks>
/// Ranking ties (every unexplored item has the same score) are broken by id. Comparing two keys instead
/// of two strings turns the common case into one integer comparison. The key holds the first 16 UTF-16
/// code units one byte each, padded with 0; a unit above U+00FF is clamped to 0xFF and every byte after
/// it set to 0xFF, which keeps the order monotone (such ids end up with equal keys and fall back).
/// </remarks>
internal static class IdOrderKey
{
    private const int Length = 16;

    public static UInt128 Of(string id)
    {
        UInt128 key = 0;
        int position = 0;
        for (; position < Length; position++)
        {
            uint unit = position < id.Length ? id[position] : 0u;
            if (unit > 0xFF)
            {
                int rest = Length - position;
                return rest == Length ? UInt128.MaxValue : (key << (8 * rest)) | (UInt128.MaxValue >> (8 * position));
            }

            key = (key << 8) | unit;
        }

        return key;
    }
}
