namespace Cutover.Processes;

/// <summary>What one child process printed and returned.</summary>
internal sealed record ChildProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>The first line the process wrote to stderr, for a one-line message.</summary>
    public string FirstErrorLine => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {ExitCode}";

    /// <summary>The last lines worth showing of a failure: error lines when there are any, else the last lines printed.</summary>
    public string Tail(int count)
    {
        var lines = (Error + "\n" + Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToArray();
        var shown = (errors.Length > 0 ? errors : lines).TakeLast(count);
        return string.Join(" | ", shown) is { Length: > 0 } text ? text : $"exit code {ExitCode}";
    }
}
