using System.Diagnostics;

namespace Cutover.Tests.Cli;

/// <summary>Runs a script in a real shell (bash, zsh, fish) and returns what it printed.</summary>
internal static class ShellScript
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string shell, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(shell)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // fish writes its history and universal variables under HOME; a throwaway one keeps the user's untouched.
        start.Environment["HOME"] = workingDirectory;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(workingDirectory, ".config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".local");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{shell} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
