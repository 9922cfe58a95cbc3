using BanditServe.Offline.Logs;

namespace BanditServe.Offline.Csv;

/// <summary>Reads the reward-model CSV of API.md: header <c>round,position,action,qhat</c>.</summary>
public static class RewardModelCsv
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    public static RewardModelTable ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads reward-model predictions from <paramref name="reader"/>, streamed line by line.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    public static RewardModelTable Read(TextReader reader, string source)
    {
        var csv = new CsvRecordReader(reader, source);
        var roundColumn = csv.RequireColumn("round");
        var positionColumn = csv.RequireColumn("position");
        var actionColumn = csv.RequireColumn("action");
        var qhatColumn = csv.RequireColumn("qhat");
        var predictions = new Dictionary<(RoundPosition Key, string Action), double>();
        while (csv.ReadRecord())
        {
            var key = new RoundPosition(csv.Text(roundColumn), csv.NonNegativeInteger(positionColumn));
            var action = csv.Text(actionColumn);
            if (!predictions.TryAdd((key, action), csv.Number(qhatColumn)))
            {
                throw csv.Error(actionColumn, $"action '{action}' has two predictions for {key}.");
            }
        }

        return new RewardModelTable(predictions);
    }
}
