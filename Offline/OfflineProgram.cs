namespace BanditServe.Offline;

/// <summary>Entry point of the offline jobs command line (banditserve-offline).</summary>
public static class OfflineProgram
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("banditserve-offline: no commands yet.");
        return args.Length == 0 ? 1 : 2;
    }
}
