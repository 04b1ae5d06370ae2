using Cutover.Checking.Lint;

namespace Cutover.Checking;

/// <summary>What <c>cutover check</c> looks at.</summary>
/// <param name="MigrationsFolder">The migrations folder.</param>
/// <param name="Lint">The engine (and SQLite version) the statements are judged for.</param>
/// <param name="BaseRef">A git ref (e.g. <c>origin/main</c>) whose migrations this branch must leave alone and come after; null to skip.</param>
public sealed record CheckOptions(string MigrationsFolder, LintOptions Lint, string? BaseRef = null);

/// <summary>The findings of one check, and where the time went.</summary>
/// <param name="Findings">Every finding, allowed ones included (marked), by file, line and rule.</param>
/// <param name="Files">How many migration files were read.</param>
/// <param name="Statements">How many statements were linted.</param>
/// <param name="ParseMs">Reading, lexing and splitting the files.</param>
/// <param name="LintMs">Running the lint rules.</param>
/// <param name="ElapsedMs">The whole check.</param>
public sealed record CheckReport(IReadOnlyList<CheckFinding> Findings, int Files, int Statements, long ParseMs, long LintMs, long ElapsedMs)
{
    /// <summary>Findings that count, of error severity.</summary>
    public int Errors => Findings.Count(f => f.Active && f.Severity == Severity.Error);

    /// <summary>Findings that count, of warning severity.</summary>
    public int Warnings => Findings.Count(f => f.Active && f.Severity == Severity.Warning);

    /// <summary>Findings allowed by <c>-- cutover:allow</c>.</summary>
    public int Allowed => Findings.Count(f => !f.Active);

    /// <summary>Whether the check fails: any error, or with <paramref name="strict"/> any warning.</summary>
    public bool Fails(bool strict) => Errors > 0 || strict && Warnings > 0;
}
