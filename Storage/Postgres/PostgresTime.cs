namespace BanditServe.Storage;

/// <summary>Npgsql reads <c>timestamptz</c> as a UTC <see cref="DateTime"/>; the contract speaks <see cref="DateTimeOffset"/>.</summary>
internal static class PostgresTime
{
    public static DateTimeOffset FromTimestampTz(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
