namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>What a field of a request body holds, so a fuzzer knows which values are wrong for it.</summary>
public enum JsonKind
{
    Number,
    Integer,
    String,
    Boolean,
    Array,
    Object,
    Time,
}
