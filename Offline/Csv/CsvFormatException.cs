namespace BanditServe.Offline.Csv;

/// <summary>A CSV input is malformed; the message names the file, line and column.</summary>
public sealed class CsvFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="column"/> is null where the whole line is at fault.</summary>
    public CsvFormatException(string source, long line, string? column, string problem)
        : base(column is null ? $"{source}, line {line}: {problem}" : $"{source}, line {line}, column '{column}': {problem}")
    {
        Source = source;
        Line = line;
        Column = column;
    }

    /// <summary>Name of the input (usually the file path).</summary>
    public new string Source { get; }

    /// <summary>1-based line number.</summary>
    public long Line { get; }

    /// <summary>Column name, or null.</summary>
    public string? Column { get; }
}
