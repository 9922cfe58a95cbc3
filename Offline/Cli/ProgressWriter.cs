namespace BanditServe.Offline.Cli;

/// <summary>Writes progress lines to the error stream at once (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class ProgressWriter(TextWriter error) : IProgress<string>
{
    public void Report(string value) => error.WriteLine($"banditserve-offline: {value}");
}
