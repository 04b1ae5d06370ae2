using System.IO.Compression;
using System.Text.RegularExpressions;
using Cutover.Tests.Browser;

namespace Cutover.Tests.Packaging;

/// <summary>
/// The dotnet tool package: it carries SQLite's native library for the platforms the tool runs on and no others,
/// and `dotnet tool install` from a folder feed gives a `cutover` that runs, SQLite included.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly string[] Kept = ["linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64", "win-x64", "win-arm64"];
    private static readonly Lazy<Task<string>> Package = new(PackAsync);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cutover-tests", "tool-" + Guid.NewGuid().ToString("N"));

    public ToolPackageTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_package_carries_sqlite_natives_for_the_kept_platforms_only()
    {
        using var zip = ZipFile.OpenRead(await Package.Value);
        var natives = zip.Entries.Select(e => Regex.Match(e.FullName, "/runtimes/([^/]+)/native(assets)?/")).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Kept.Order(StringComparer.Ordinal), natives);
    }

    [Fact]
    public async Task The_installed_tool_runs_and_opens_sqlite()
    {
        var package = await Package.Value;
        var version = Regex.Match(Path.GetFileName(package), @"^Cutover\.Cli\.(.+)\.nupkg$").Groups[1].Value;
        var tools = Path.Combine(_folder, "tools");
        // A package cache of its own: the shared one may hold an older build under the same version.
        var install = await PublishedCli.RunAsync("dotnet", _folder, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget") },
            "tool", "install", "--tool-path", tools, "--add-source", Path.GetDirectoryName(package)!, "--version", version, "Cutover.Cli");
        Assert.True(install.ExitCode == 0, install.Output);
        var cutover = Path.Combine(tools, "cutover");
        Directory.CreateDirectory(Path.Combine(_folder, "migrations"));

        var printed = await PublishedCli.RunAsync(cutover, _folder, "--version");
        var status = await PublishedCli.RunAsync(cutover, _folder, "status", "--connection", "Data Source=app.db");

        Assert.True(printed.ExitCode == 0, printed.Output);
        Assert.StartsWith(version, printed.Output, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.Output);
    }

    /// <summary>The packed tool: CUTOVER_TEST_TOOL_FEED's (packed by CI before the suite), or packed here once per run.</summary>
    private static async Task<string> PackAsync()
    {
        var feed = Environment.GetEnvironmentVariable("CUTOVER_TEST_TOOL_FEED") is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : await PackHereAsync();
        return Directory.GetFiles(feed, "Cutover.Cli.*.nupkg").SingleOrDefault(p => !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no Cutover.Cli package in {feed}");
    }

    private static async Task<string> PackHereAsync()
    {
        var root = RepositoryFolder.Root();
        var work = Path.Combine(Path.GetTempPath(), "cutover-tests", "pack-" + Environment.ProcessId);
        var feed = Path.Combine(work, "feed");
        // --artifacts-path: the Release build stays out of the source tree's bin/ and obj/ (see PublishedCli).
        var (exit, output) = await PublishedCli.RunAsync("dotnet", root, new Dictionary<string, string>(), "pack", Path.Combine(root, "src", "Cutover.Cli"),
            "-c", "Release", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", feed);
        return exit == 0 ? feed : throw new InvalidOperationException($"dotnet pack failed with {exit}:\n{output}");
    }
}
