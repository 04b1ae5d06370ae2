using Cutover.Checking;

namespace Cutover.Cli.Rendering;

/// <summary>How `cutover check` prints its findings: for people, or as GitHub workflow annotations.</summary>
internal static class CheckOutput
{
    /// <summary>file:line: severity rule: message, then why and instead; allowed findings after, with their reasons.</summary>
    public static void WriteText(TextWriter output, CheckReport report, string workingDirectory, bool strict)
    {
        foreach (var f in report.Findings.Where(f => f.Active))
        {
            output.WriteLine($"{Relative(f.File, workingDirectory)}:{f.Line}: {f.Severity.ToString().ToLowerInvariant()} {f.RuleId}: {f.Message}");
            output.WriteLine($"    why: {f.Reason}");
            output.WriteLine($"    instead: {f.Fix}");
        }
        var allowed = report.Findings.Where(f => !f.Active).ToList();
        if (allowed.Count > 0)
        {
            output.WriteLine("allowed:");
            foreach (var f in allowed)
                output.WriteLine($"  {Relative(f.File, workingDirectory)}:{f.Line}: {f.RuleId}: {f.Message} (allowed: {f.SuppressedBecause})");
        }
        output.WriteLine(Summary(report, strict));
    }

    /// <summary>
    /// GitHub Actions workflow commands: each finding becomes an annotation on its file and line in the
    /// pull request's diff (errors, warnings; allowed findings as notices).
    /// </summary>
    public static void WriteGitHub(TextWriter output, CheckReport report, string workingDirectory, bool strict)
    {
        foreach (var f in report.Findings)
        {
            var level = !f.Active ? "notice" : f.Severity == Severity.Error || strict ? "error" : "warning";
            var title = f.Active ? f.RuleId : $"{f.RuleId} (allowed)";
            var body = f.Active ? $"{f.Message}\nWhy: {f.Reason}\nInstead: {f.Fix}" : $"{f.Message}\nAllowed: {f.SuppressedBecause}";
            output.WriteLine($"::{level} file={Property(Relative(f.File, workingDirectory))},line={f.Line},title={Property(title)}::{Data(body)}");
        }
        output.WriteLine(Summary(report, strict));
    }

    public static string Summary(CheckReport report, bool strict) =>
        $"check: {Count(report.Errors, "error")}, {Count(report.Warnings, "warning")}, {report.Allowed} allowed in {Count(report.Files, "file")} " +
        $"({Count(report.Statements, "statement")}) — {(report.Fails(strict) ? "failed" : "passed")}";

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>Paths relative to where the command runs, with forward slashes, as GitHub and editors expect.</summary>
    private static string Relative(string path, string workingDirectory) =>
        Path.GetRelativePath(workingDirectory, path).Replace('\\', '/');

    // The escaping GitHub's workflow command parser expects in a message and in a property value.
    private static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
