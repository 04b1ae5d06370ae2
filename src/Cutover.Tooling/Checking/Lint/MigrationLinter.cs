using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>The engine the lint rules judge the statements for.</summary>
/// <param name="Dialect">The lexical rules the statements are read with.</param>
/// <param name="Engine">The engine's own rules, run beside the common ones.</param>
public sealed record LintOptions(SqlDialect Dialect, IEngineLint Engine)
{
    /// <summary>
    /// Ids of rules other engines have, which <c>-- cutover:allow</c> may name without being a typo (one folder
    /// linted for several engines): such an allow is unused here, not unknown.
    /// </summary>
    public IReadOnlyCollection<string> OtherEnginesRuleIds { get; init; } = [];
}

/// <summary>
/// Runs the lint rules over the statements of every step of every migration, in order, so rules can see
/// what earlier statements established, then applies the <c>-- cutover:allow</c> suppressions.
/// </summary>
public static class MigrationLinter
{
    /// <summary>Every finding for <paramref name="files"/> (in id order), suppressed ones included and marked.</summary>
    public static IReadOnlyList<CheckFinding> Lint(IReadOnlyList<MigrationFile> files, LintOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var state = new LintState();
        var findings = new List<CheckFinding>();
        foreach (var file in files.OrderBy(f => f.Id, StringComparer.Ordinal))
            LintFile(file, options, state, findings);
        return findings;
    }

    private static void LintFile(MigrationFile file, LintOptions options, LintState state, List<CheckFinding> findings)
    {
        state.StartMigration();
        var anchored = new List<(LintStatement Statement, List<CheckFinding> Findings)>();
        for (var s = 0; s < file.Steps.Count; s++)
        {
            var step = file.Steps[s];
            state.StartStep();
            foreach (var sql in step.Statements)
            {
                var statement = new LintStatement(sql, step, s, options.Dialect, file.Path);
                var found = new List<CheckFinding>();
                void Report(LintRule rule, int line, string message) =>
                    found.Add(new CheckFinding(rule.Id, rule.Severity, file.Path, line, message, rule.Reason, rule.Fix));
                options.Engine.Check(statement, state, Report);
                CommonLint.Check(statement, state, Report);
                anchored.Add((statement, found));
            }
        }

        // Whole-file rules attach to the statement that created what the down step forgets.
        foreach (var (rule, line, message) in CommonLint.CheckFile(file, state))
        {
            var at = anchored.FirstOrDefault(a => a.Statement.Line == line);
            var finding = new CheckFinding(rule.Id, rule.Severity, file.Path, line, message, rule.Reason, rule.Fix);
            if (at.Statement is null)
                findings.Add(finding);
            else
                at.Findings.Add(finding);
        }
        foreach (var (statement, found) in anchored)
            findings.AddRange(Suppressions.Apply(statement, found, file.Path, IsKnownRule));

        bool IsKnownRule(string id) =>
            LintRules.Find(id) is not null || options.Engine.Rules.Any(r => r.Id == id) || options.OtherEnginesRuleIds.Contains(id);
    }
}
