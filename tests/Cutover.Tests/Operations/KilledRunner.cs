using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cutover.Tests.Operations;

/// <summary>
/// The real `cutover` tool (built next to the tests) in a process of its own, for the tests that kill it. Its output is
/// drained as it comes (a full pipe would stall the runner, and a stalled runner proves nothing) and kept, so a test can
/// wait for a line the runner logs at a known point of its work.
/// </summary>
internal sealed class KilledRunner : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private KilledRunner(Process process) => _process = process;

    public static KilledRunner Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cutover.Cli.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = info };
        var runner = new KilledRunner(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) runner._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) runner._lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether the runner printed a line containing <paramref name="text"/>.</summary>
    public bool Printed(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public string Output => string.Join("\n", _lines);

    /// <summary>SIGKILL: no handler of the runner runs, exactly as when the machine or the container dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        // The output events may still be in flight after the exit.
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
