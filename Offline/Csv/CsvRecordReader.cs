using System.Globalization;
using System.Text;

namespace BanditServe.Offline.Csv;

/// <summary>
/// Streams a CSV with a header line, one record per line (RFC 4180 quoting within a line), and
/// converts fields with errors that name the line and column.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader reader;
    private readonly Dictionary<string, int> columnIndex = new(StringComparer.Ordinal);
    private readonly List<string> fields = [];
    private readonly StringBuilder field = new();

    public CsvRecordReader(TextReader reader, string source)
    {
        this.reader = reader;
        Source = source;
        if (!ReadLine())
        {
            throw new CsvFormatException(source, 1, null, "the file is empty; a header line is needed.");
        }

        Header = [.. fields.Select(f => f.Trim())];
        for (var i = 0; i < Header.Count; i++)
        {
            if (!columnIndex.TryAdd(Header[i], i))
            {
                throw new CsvFormatException(source, 1, Header[i], "the column appears twice in the header.");
            }
        }
    }

    public string Source { get; }

    public IReadOnlyList<string> Header { get; }

    public long LineNumber { get; private set; }

    public int RequireColumn(string name) => columnIndex.TryGetValue(name, out var index)
        ? index
        : throw new CsvFormatException(Source, 1, null, $"the header lacks the required column '{name}' (header: {string.Join(",", Header)}).");

    public int OptionalColumn(string name) => columnIndex.GetValueOrDefault(name, -1);

    /// <summary>Reads the next non-empty record; false at the end of the input.</summary>
    public bool ReadRecord()
    {
        while (ReadLine())
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != Header.Count)
            {
                throw new CsvFormatException(Source, LineNumber, null, $"{fields.Count} fields where the header has {Header.Count}.");
            }

            return true;
        }

        return false;
    }

    public string Text(int column)
    {
        var text = fields[column].Trim();
        return text.Length > 0 ? text : throw Error(column, "the value is empty.");
    }

    public double Number(int column)
    {
        var text = Text(column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(column, $"'{text}' is not a finite number.");
    }

    public int NonNegativeInteger(int column)
    {
        var text = Text(column);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw Error(column, $"'{text}' is not a non-negative integer.");
    }

    public CsvFormatException Error(int column, string problem) => new(Source, LineNumber, Header[column], problem);

    private bool ReadLine()
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return false;
        }

        LineNumber++;
        if (LineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
        {
            line = line[1..];
        }

        Split(line);
        return true;
    }

    private void Split(string line)
    {
        fields.Clear();
        field.Clear();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(Source, LineNumber, null, "a quoted field is not closed.");
        }

        fields.Add(field.ToString());
    }
}
