using System.Buffers.Binary;
using System.Text;

namespace BanditServe.Storage;

/// <summary>
/// Encodes a decision's items into one compact blob for SQLite, which has no array columns.
/// </summary>
/// <remarks>
/// Byte map, little-endian: <c>int32 count</c>, then per item <c>int32 slot | float64 score | float64 propensity |
/// int32 idByteLength | UTF-8 id bytes</c>.
/// </remarks>
internal static class DecisionItemsEncoding
{
    private const int FixedBytesPerItem = sizeof(int) + sizeof(double) + sizeof(double) + sizeof(int);

    public static byte[] Encode(IReadOnlyList<DecisionItem> items)
    {
        var length = sizeof(int);
        foreach (var item in items)
        {
            length += FixedBytesPerItem + Encoding.UTF8.GetByteCount(item.ItemId);
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, items.Count);
        span = span[sizeof(int)..];
        foreach (var item in items)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span, item.Slot);
            BinaryPrimitives.WriteDoubleLittleEndian(span[4..], item.Score);
            BinaryPrimitives.WriteDoubleLittleEndian(span[12..], item.Propensity);
            var idLength = Encoding.UTF8.GetBytes(item.ItemId, span[FixedBytesPerItem..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[20..], idLength);
            span = span[(FixedBytesPerItem + idLength)..];
        }

        return bytes;
    }

    public static DecisionItem[] Decode(ReadOnlySpan<byte> bytes)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bytes = bytes[sizeof(int)..];
        var items = new DecisionItem[count];
        for (var i = 0; i < count; i++)
        {
            var slot = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            var score = BinaryPrimitives.ReadDoubleLittleEndian(bytes[4..]);
            var propensity = BinaryPrimitives.ReadDoubleLittleEndian(bytes[12..]);
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
            var itemId = Encoding.UTF8.GetString(bytes.Slice(FixedBytesPerItem, idLength));
            items[i] = new DecisionItem(itemId, slot, score, propensity);
            bytes = bytes[(FixedBytesPerItem + idLength)..];
        }

        return items;
    }
}
