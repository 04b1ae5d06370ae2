using Cutover.Processes;

namespace Cutover.Importing;

/// <summary>
/// Runs the <c>dotnet</c> executable without MSBuild's reusable nodes or build servers, which would outlive the
/// command and hold its output pipes open.
/// </summary>
internal static class DotnetProcess
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private static readonly NotInstalledRefusal NotInstalled = new("cannot run dotnet: the .NET SDK is not installed or not on PATH",
        "install the .NET SDK the EF Core project builds with");

    /// <exception cref="InvalidToolInputException">The .NET SDK is not installed or not on PATH.</exception>
    public static Task<ChildProcessResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync("dotnet", workingDirectory, arguments, Environment, NotInstalled, cancellationToken);
}
