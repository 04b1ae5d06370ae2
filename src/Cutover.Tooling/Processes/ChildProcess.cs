using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Cutover.Processes;

/// <summary>
/// Runs an executable the tool depends on (git, dotnet): arguments passed one by one (never through a shell), output
/// and error read as UTF-8, and the process ended when the caller cancels or stops reading.
/// </summary>
internal static class ChildProcess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Runs <paramref name="file"/> to the end and returns what it printed.</summary>
    /// <param name="file">The executable, looked up on PATH.</param>
    /// <param name="workingFolder">Where it runs.</param>
    /// <param name="arguments">Its arguments, each passed as it is.</param>
    /// <param name="environment">Variables set for the process, over the ones it inherits.</param>
    /// <param name="notInstalled">The refusal when <paramref name="file"/> cannot be started: its message (the system's reason is appended) and hint.</param>
    /// <param name="cancellationToken">Ends the process (and its children) when cancelled.</param>
    /// <exception cref="InvalidToolInputException"><paramref name="file"/> is not installed or not on PATH.</exception>
    public static async Task<ChildProcessResult> RunAsync(string file, string workingFolder, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, NotInstalledRefusal notInstalled, CancellationToken cancellationToken)
    {
        using var process = Start(file, workingFolder, arguments, environment, notInstalled, redirectInput: false);
        using var end = EndOnCancel(process, cancellationToken);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ChildProcessResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        finally
        {
            EndIfRunning(process);
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/> with its output and error (and, when asked, its input) redirected, for a caller
    /// that talks to it; the parameters are those of <see cref="RunAsync"/>.
    /// </summary>
    /// <exception cref="InvalidToolInputException"><paramref name="file"/> is not installed or not on PATH.</exception>
    public static Process Start(string file, string workingFolder, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, NotInstalledRefusal notInstalled, bool redirectInput)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            StandardInputEncoding = redirectInput ? Utf8 : null,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        try
        {
            return Process.Start(info) ?? throw new Win32Exception($"{file} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidToolInputException($"{notInstalled.Message} ({e.Message})", notInstalled.Hint, e);
        }
    }

    /// <summary>Ends the process (and its children) when <paramref name="cancellationToken"/> is cancelled; dispose to stop watching.</summary>
    public static CancellationTokenRegistration EndOnCancel(Process process, CancellationToken cancellationToken) =>
        cancellationToken.Register(() => EndIfRunning(process));

    /// <summary>
    /// Kills the process tree if it still runs: after a cancellation or a failed read it must not be left running,
    /// blocked on a full pipe, or holding the pipes open through a child (a build's worker nodes).
    /// </summary>
    public static void EndIfRunning(Process process)
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
