namespace BanditServe.Api.Http;

/// <summary>Reads a JSON body of a common shape without the serializer; false when it cannot say, and the serializer reads it.</summary>
public delegate bool FastJsonReader<T>(ReadOnlySpan<byte> json, out T? value);
