using System.Diagnostics;
using Cutover.Checking.Lint;
using Cutover.Files;

namespace Cutover.Checking;

/// <summary>
/// <c>cutover check</c>: the pre-merge gate. Needs no database: it reads the migrations folder (every file,
/// reporting each one that does not parse instead of stopping at the first), the integrity file and,
/// with a base ref, git; then lints every statement.
/// </summary>
public static class MigrationCheck
{
    /// <summary>Runs every check and returns all findings.</summary>
    public static async Task<CheckReport> RunAsync(CheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var findings = new List<CheckFinding>(await IntegrityCheck.RunAsync(options.MigrationsFolder, options.BaseRef, cancellationToken).ConfigureAwait(false));

        var parseClock = Stopwatch.StartNew();
        var files = await ParseAllAsync(options, findings, cancellationToken).ConfigureAwait(false);
        var parseMs = parseClock.ElapsedMilliseconds;

        var lintClock = Stopwatch.StartNew();
        findings.AddRange(MigrationLinter.Lint(files, options.Lint));
        var lintMs = lintClock.ElapsedMilliseconds;

        var ordered = findings
            .OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
        var statements = files.Sum(f => f.Steps.Sum(s => s.Statements.Count));
        return new CheckReport(ordered, files.Count, statements, parseMs, lintMs, clock.ElapsedMilliseconds);
    }

    /// <summary>Parses every well-named migration file in parallel; a file that does not parse becomes a finding.</summary>
    private static async Task<List<MigrationFile>> ParseAllAsync(CheckOptions options, List<CheckFinding> findings, CancellationToken cancellationToken)
    {
        // Badly named files are the integrity check's findings; they are not parsed.
        var paths = Directory.EnumerateFiles(options.MigrationsFolder, "*.sql")
            .Where(p => MigrationName.TryParseFileName(p, out _, out _))
            .Order(StringComparer.Ordinal).ToList();
        var parsed = new MigrationFile?[paths.Count];
        var errors = new CutoverException?[paths.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), cancellationToken, async (i, token) =>
        {
            try
            {
                parsed[i] = await MigrationFileParser.ParseFileAsync(paths[i], options.Lint.Dialect, token).ConfigureAwait(false);
            }
            catch (CutoverException e)
            {
                errors[i] = e;
            }
        }).ConfigureAwait(false);

        for (var i = 0; i < paths.Count; i++)
        {
            if (errors[i] is { } error)
                findings.Add(ParseFailure.Finding(paths[i], error));
        }

        // `cutover up` refuses a directory named like a migration (see MigrationFolder), so check reports it too.
        foreach (var directory in Directory.EnumerateDirectories(options.MigrationsFolder, "*.sql").Order(StringComparer.Ordinal))
        {
            findings.Add(new CheckFinding(LintRules.Unparsable.Id, Severity.Error, directory, 1, "a directory named like a migration file",
                LintRules.Unparsable.Reason, "migrations are files: rename the directory or move it out of the migrations folder"));
        }
        return parsed.OfType<MigrationFile>().ToList();
    }
}
