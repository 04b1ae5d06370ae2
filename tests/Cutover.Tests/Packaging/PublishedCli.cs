using System.Diagnostics;
using Cutover.Tests.Browser;

namespace Cutover.Tests.Packaging;

/// <summary>
/// The Native AOT `cutover` binary, published once per test run. CI publishes it before the suite and names its
/// folder in CUTOVER_TEST_AOT_DIR (the publish takes minutes on two cores and would otherwise compete with the
/// suite's timing tests); without it, the first test that asks publishes into a folder of this process, under a
/// lock so the tests of this run share one publish.
/// </summary>
internal static class PublishedCli
{
    public const string FolderVariable = "CUTOVER_TEST_AOT_DIR";

    private static readonly Lazy<Task<string>> Binary = new(PublishAsync);

    /// <summary>The path of the published `cutover` file (not to be run where it lies: tests copy it away).</summary>
    public static Task<string> PathAsync() => Binary.Value;

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } given)
        {
            var prebuilt = Path.Combine(Path.GetFullPath(given), "cutover");
            return File.Exists(prebuilt) ? prebuilt : throw new InvalidOperationException($"{FolderVariable}={given} has no cutover binary.");
        }

        var root = RepositoryFolder.Root();
        var work = Path.Combine(Path.GetTempPath(), "cutover-tests", "aot-" + Environment.ProcessId);
        // --artifacts-path keeps the Release/linux-x64 obj and bin folders out of the source tree, so the publish
        // does not rewrite the project.assets.json files the Debug build of these tests is using.
        var (exit, output) = await RunAsync("dotnet", root, new Dictionary<string, string>(), "publish", Path.Combine(root, "src", "Cutover.Cli"), "-c", "Release",
            "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", Path.Combine(work, "out"));
        var binary = Path.Combine(work, "out", "cutover");
        if (exit != 0 || !File.Exists(binary))
            throw new InvalidOperationException($"dotnet publish (Native AOT) failed with {exit}:\n{output}");
        return binary;
    }

    /// <summary>Runs a program to its end; returns its exit code and its stdout and stderr together.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, params string[] args) =>
        RunAsync(program, workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, string, string[])"/>, with <paramref name="environment"/> added.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        // Nothing from the test host's own runtime may help the binary find a library it lacks.
        info.Environment.Remove("LD_LIBRARY_PATH");
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
