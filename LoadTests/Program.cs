namespace BanditServe.LoadTests;

public static class LoadTestsProgram
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("banditserve-loadtests: no scenarios yet.");
        return args.Length == 0 ? 1 : 2;
    }
}
