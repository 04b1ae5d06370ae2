using System.Diagnostics;

namespace Cutover.Tests.Specification;

/// <summary>Runs the real `cutover` tool (built next to the tests) as a separate process, for kill tests.</summary>
internal static class CliProcess
{
    public static Process Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Cutover.Cli.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start cutover");
    }
}
