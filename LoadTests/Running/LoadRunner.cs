using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Running;

/// <summary>Runs a profile with the model it names.</summary>
public static class LoadRunner
{
    public static Task RunAsync(LoadProfile profile, ILoadOperation operation, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        return profile.Model == LoadModel.Open
            ? OpenModelRunner.RunAsync(profile, operation, recorder, cancellationToken)
            : ClosedModelRunner.RunAsync(profile, operation, recorder, cancellationToken);
    }
}
