using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace BanditServe.Bandits;

/// <summary>Throws out of line so validating methods stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string field, string message) => throw new BanditArgumentException(field, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidData(string message) => throw new InvalidDataException(message);
}
