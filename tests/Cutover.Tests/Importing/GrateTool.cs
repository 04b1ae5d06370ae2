using Cutover.Importing;
using Cutover.Processes;

namespace Cutover.Tests.Importing;

/// <summary>
/// The real grate (2.3.0, a dotnet tool on NuGet), installed once per test class as a local tool in a temporary folder,
/// so the journals the grate import tests read are the ones grate writes. The folder is outside the repository, so the
/// install restores from the user's NuGet configuration, the same feeds the repository restores from.
/// </summary>
public sealed class GrateTool : IAsyncLifetime
{
    public const string Version = "2.3.0";

    private readonly string _folder = Directory.CreateTempSubdirectory("cutover-grate-tool-").FullName;

    public async Task InitializeAsync()
    {
        await DotnetAsync(["new", "tool-manifest"], TimeSpan.FromMinutes(1));
        await DotnetAsync(["tool", "install", "grate", "--version", Version], TimeSpan.FromMinutes(4));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs grate on <paramref name="scriptsFolder"/> against a database of <paramref name="engine"/> ("sqlite" or "postgres").</summary>
    public Task MigrateAsync(string engine, string connectionString, string scriptsFolder) =>
        DotnetAsync(["tool", "run", "grate", "--",
            "--connectionstring", connectionString,
            "--databasetype", engine == "sqlite" ? "sqlite" : "postgresql",
            "--sqlfilesdirectory", scriptsFolder,
            // Its copies of the scripts it ran go beside the tool, not into the user's profile.
            "--outputPath", Path.Combine(_folder, "output"),
            "--silent"], TimeSpan.FromMinutes(1));

    private async Task DotnetAsync(string[] args, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        ChildProcessResult result;
        try
        {
            result = await DotnetProcess.RunAsync(_folder, args, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within {timeout}");
        }
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
    }
}
