using Cutover.Cli;

namespace Cutover.Tests.Cli;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
}

/// <summary>Runs `cutover` in-process in a working directory of its own, with no inherited CUTOVER_CONNECTION.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        await RunWithEnvironmentAsync(workingDirectory, new Dictionary<string, string?>(), args);

    public static async Task<CliResult> RunWithEnvironmentAsync(string workingDirectory, Dictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment, CancellationToken.None, workingDirectory);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
