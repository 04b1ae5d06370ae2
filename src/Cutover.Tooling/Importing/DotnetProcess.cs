using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Cutover.Importing;

/// <summary>What one <c>dotnet</c> command printed and returned.</summary>
internal sealed record DotnetResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last lines worth showing of a failure: error lines when there are any, else the last lines printed.</summary>
    public string Tail(int count)
    {
        var lines = (Error + "\n" + Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToArray();
        var shown = (errors.Length > 0 ? errors : lines).TakeLast(count);
        return string.Join(" | ", shown) is { Length: > 0 } text ? text : $"exit code {ExitCode}";
    }
}

/// <summary>
/// Runs the <c>dotnet</c> executable: arguments passed one by one (never through a shell), without MSBuild's reusable
/// nodes or build servers, which would outlive the command and hold its output pipes open.
/// </summary>
internal static class DotnetProcess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="InvalidToolInputException">The .NET SDK is not installed or not on PATH.</exception>
    public static async Task<DotnetResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("dotnet did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidToolInputException($"cannot run dotnet: the .NET SDK is not installed or not on PATH ({e.Message})",
                "install the .NET SDK the EF Core project builds with", e);
        }
        using (process)
        using (cancellationToken.Register(() => EndIfRunning(process)))
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return new DotnetResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
            }
            finally
            {
                EndIfRunning(process);
            }
        }
    }

    // After a cancellation or a failed read, the build must not be left running.
    private static void EndIfRunning(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }
}
