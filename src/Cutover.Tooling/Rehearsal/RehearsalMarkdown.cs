using System.Globalization;
using System.Text;
using Cutover.Schema;

namespace Cutover.Rehearsal;

/// <summary>
/// The documents a rehearsal writes: one page per migration for its reviewers (what changed, why, how to
/// roll back, what to test, risks, and a checklist ticked only by what the rehearsal proved), and a summary
/// of the whole run.
/// </summary>
public static class RehearsalMarkdown
{
    /// <summary>The one-pager of <paramref name="migration"/>, as <c>docs/migrations/&lt;id&gt;.md</c> holds it.</summary>
    public static string OnePager(RehearsalReport report, RehearsedMigration migration)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(migration);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {migration.Id} {migration.Name.Replace('_', ' ')}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Rehearsed {report.RehearsedAt:yyyy-MM-dd HH:mm} UTC by `cutover rehearse` on a copy of `{report.Source}` ({report.CopyMethod}). File: `{Path.GetFileName(migration.Path)}`.\n\n");

        md.Append("## Why\n\n");
        md.Append(Meta(migration, "why") ?? "_The file has no `-- why:` line; say why in the header._").Append("\n\n");
        foreach (var (key, value) in migration.Metadata.Where(m => m.Key is not ("why" or "test")))
            md.Append(CultureInfo.InvariantCulture, $"- **{key}:** {value.Trim()}\n");
        if (migration.Metadata.Any(m => m.Key is not ("why" or "test")))
            md.Append('\n');

        md.Append("## What changed\n\n");
        if (!migration.Applied)
            md.Append(CultureInfo.InvariantCulture, $"**It did not apply on the copy:** {migration.Error}\n\n");
        else if (migration.Changes.Count == 0)
            md.Append("No change to the schema (a data-only migration).\n\n");
        foreach (var change in migration.Changes)
            md.Append(CultureInfo.InvariantCulture, $"- {Words(change)}\n");
        if (migration.Changes.Count > 0)
            md.Append('\n');
        md.Append("```sql\n").Append(migration.UpSql).Append("\n```\n\n");
        if (migration.Operations is { } operations)
            md.Append(OperationsSection(migration, operations));

        md.Append("## How to roll back\n\n");
        if (migration.Operations is { } aborted)
        {
            md.Append(CultureInfo.InvariantCulture, $"While it is expanded, `cutover abort {migration.Id}` (or `cutover down`) runs the abort shown above; the old version of the application keeps working throughout. ");
            md.Append(aborted.AbortRestoredSchema switch
            {
                true => "On the copy, abort gave back the schema fingerprint from before the expand exactly.",
                false => "**On the copy, abort left the schema different:** " + string.Join("; ", aborted.AbortDifferences.Select(Words)) + ".",
                null => "Abort was not drilled on the copy.",
            }).Append("\n\n");
            md.Append(DrillSentence(report.Drill)).Append("\n\n");
        }
        else if (migration.IrreversibleReason is { } reason)
            md.Append(CultureInfo.InvariantCulture, $"It cannot be rolled back: {reason}. Restore from a backup taken before it ran.\n\n");
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"`cutover down` runs its down steps (stored in the history when it is applied, so this works after the file is gone):\n\n```sql\n{migration.DownSql}\n```\n\n");
            md.Append(DrillSentence(report.Drill)).Append("\n\n");
        }

        md.Append("## What to test\n\n");
        md.Append(Meta(migration, "test") ?? "_The file has no `-- test:` line; say what a reviewer should click through._").Append("\n\n");
        var touched = report.Contracts.Where(c => migration.TouchedContracts.Contains(c.Name)).ToList();
        if (touched.Count > 0)
        {
            md.Append("Contract queries that read the tables it changes:\n\n");
            foreach (var contract in touched)
                md.Append(CultureInfo.InvariantCulture, $"- `{contract.Name}`: {(contract.Passed ? "held" : "**broke**: " + string.Join("; ", contract.Failures))}\n");
            md.Append('\n');
        }

        md.Append("## Risks\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- On the copy it ran for {migration.DurationMs} ms and changed {migration.RowsChanged} row(s).\n");
        foreach (var held in migration.Locks)
            md.Append(CultureInfo.InvariantCulture, $"- Held {held.Mode} on `{held.Table}` for about {held.HeldMs} ms on the copy (blocks {held.Blocks} of the application meanwhile).\n");
        foreach (var finding in migration.Lint)
        {
            if (finding.Active)
                md.Append(CultureInfo.InvariantCulture, $"- Lint `{finding.RuleId}` (line {finding.Line}, {finding.Severity.ToString().ToLowerInvariant()}): {finding.Message}. {finding.Reason}.\n");
            else
                md.Append(CultureInfo.InvariantCulture, $"- Lint `{finding.RuleId}` (line {finding.Line}) allowed: {finding.SuppressedBecause}.\n");
        }
        if (migration.Lint.Count == 0)
            md.Append("- `cutover check` finds nothing in this file.\n");
        var audited = report.Audit.Where(a => a.MigrationId == migration.Id).ToList();
        foreach (var a in audited.Where(a => a.Outcome != Audit.AuditOutcome.Passed))
        {
            var line = a.Outcome == Audit.AuditOutcome.Violated
                ? $"- Data audit, line {a.Line}: {a.ViolatingRows} existing row(s) violate {a.Constraint} (e.g. {string.Join(", ", a.SampleKeys.Take(5))}).\n"
                : $"- Data audit, line {a.Line}: {a.Constraint}: {NotChecked(a.Note)}\n";
            md.Append(line);
        }
        md.Append('\n');

        md.Append("## Checklist\n\n");
        var lintClean = !migration.Lint.Any(f => f.Active && f.Severity == Checking.Severity.Error);
        Tick(md, migration.Applied, $"Applied on a copy of real data ({migration.DurationMs} ms, {migration.RowsChanged} rows changed)");
        if (migration.Operations is { } lifecycle)
        {
            Tick(md, lifecycle.Verification is { Clean: true }, lifecycle.Verification is { } v
                ? $"Verified after expand: {v.Rows} row(s) compared, {v.Mismatches} mismatching"
                : "Verified after expand");
            Tick(md, lifecycle.AbortRestoredSchema == true, "Aborted: the schema fingerprint is exactly what it was before the expand");
            Tick(md, lifecycle.Completed, "Completed on the copy after a clean verification");
        }
        if (migration.IrreversibleReason is null)
        {
            Tick(md, report.Drill.Ran && report.Drill.Error is null && report.Drill.SchemaRestored,
                report.Drill.ReorderedColumns.Count == 0 ? "Rolled back: the schema fingerprint is exactly what it was before" : "Rolled back: the schema is what it was before (columns in another order: see the drill)");
            Tick(md, report.Drill.Ran && report.Drill.Error is null && report.Drill.RowCountsRestored, "Rolled back: every table has as many rows as before");
            Tick(md, report.Drill.Ran && report.Drill.Error is null && report.Drill.RowCountsRestored && report.Drill.RowContentRestored,
                "Rolled back: the tables it touches hold exactly the rows they held before (row checksums)");
            Tick(md, report.Drill.Ran && report.Drill.Error is null && report.Drill.ReapplyMatches, "Applied again after the rollback: the same schema");
        }
        else
            Tick(md, false, "Rollback drilled (irreversible: restore from a backup)");
        if (touched.Count > 0)
            Tick(md, touched.All(c => c.Passed), $"Contract queries on its tables still hold ({string.Join(", ", touched.Select(c => c.Name))})");
        if (audited.Count > 0)
            Tick(md, audited.All(a => a.Outcome == Audit.AuditOutcome.Passed), $"No existing row violates the {audited.Count} constraint(s) it adds (data audit)");
        Tick(md, lintClean, "No lint errors (`cutover check`)");
        Tick(md, Meta(migration, "why") is not null && Meta(migration, "test") is not null, "Why and what to test are written down");
        return md.ToString();
    }

    /// <summary>The summary of the whole run.</summary>
    public static string Summary(RehearsalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Rehearsal: {(report.Passed ? "passed" : "FAILED")}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{report.RehearsedAt:yyyy-MM-dd HH:mm} UTC, on a copy of `{report.Source}` made with {report.CopyMethod}");
        md.Append(report.Kept ? $"; the copy `{report.Copy}` was kept.\n\n" : "; the copy was dropped.\n\n");
        if (report.Failures.Count > 0)
        {
            md.Append("## Failures\n\n");
            foreach (var failure in report.Failures)
                md.Append(CultureInfo.InvariantCulture, $"- {failure}\n");
            md.Append('\n');
        }
        md.Append("## Migrations\n\n| migration | applied | duration | rows changed | schema changes | lint |\n|---|---|---|---|---|---|\n");
        foreach (var m in report.Migrations)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {m.Id}_{m.Name} | {(m.Applied ? "yes" : "**no**")} | {m.DurationMs} ms | {m.RowsChanged} | {m.Changes.Count} | {m.Lint.Count(f => f.Active)} |\n");
        }
        if (report.Migrations.Count == 0)
            md.Append("| (none pending) | | | | | |\n");
        if (report.Audit.Count > 0)
        {
            md.Append("\n## Data audit\n\n| migration | line | constraint | result |\n|---|---|---|---|\n");
            foreach (var a in report.Audit)
            {
                var result = a.Outcome switch
                {
                    Audit.AuditOutcome.Passed => "no violating rows",
                    Audit.AuditOutcome.Violated => $"**{a.ViolatingRows} row(s) violate it**, e.g. {string.Join(", ", a.SampleKeys.Take(5))}",
                    _ => NotChecked(a.Note),
                };
                md.Append(CultureInfo.InvariantCulture, $"| {a.MigrationId} | {a.Line} | {a.Constraint} | {result} |\n");
            }
        }
        if (report.Contracts.Count > 0)
        {
            md.Append("\n## Contracts\n\n| contract | result | rows before → after | median before → after |\n|---|---|---|---|\n");
            foreach (var c in report.Contracts)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {c.Name} | {(c.Passed ? "held" : "**broke**: " + string.Join("; ", c.Failures))}{(c.Notes.Count > 0 ? " (" + string.Join("; ", c.Notes) + ")" : "")} | {c.RowsBefore} → {c.RowsAfter} | {Ms(c.MedianBefore)} → {Ms(c.MedianAfter)} |\n");
            }
        }
        if (report.Migrations.Any(m => m.Operations is not null))
        {
            md.Append("\n## Operations\n\n| migration | phase | time | result |\n|---|---|---|---|\n");
            foreach (var m in report.Migrations.Where(m => m.Operations is not null))
                foreach (var phase in m.Operations!.Phases)
                    md.Append(CultureInfo.InvariantCulture, $"| {m.Id}_{m.Name} | {phase.Name} | {(phase.Ran ? $"{phase.ElapsedMs} ms" : "–")} | {phase.Outcome.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"\n## Rollback drill\n\n{DrillSentence(report.Drill)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Schema fingerprint before: `{report.FingerprintBefore[..12]}`, after: `{report.FingerprintAfter[..12]}`.\n\n");
        md.Append("## Phases\n\n| phase | time |\n|---|---|\n");
        foreach (var phase in report.Phases)
            md.Append(CultureInfo.InvariantCulture, $"| {phase.Name} | {phase.ElapsedMs} ms |\n");
        return md.ToString();
    }

    /// <summary>The lifecycle of a migration's declared operations: each phase timed, the verification, the SQL of each phase.</summary>
    private static string OperationsSection(RehearsedMigration migration, RehearsedOperations operations)
    {
        var md = new StringBuilder("## Operations\n\n");
        foreach (var declared in operations.Declared)
            md.Append(CultureInfo.InvariantCulture, $"- `{declared}`\n");
        md.Append("\nEach phase on the copy, in the order the rehearsal ran them:\n\n| phase | time | result |\n|---|---|---|\n");
        foreach (var phase in operations.Phases)
            md.Append(CultureInfo.InvariantCulture, $"| {phase.Name} | {(phase.Ran ? $"{phase.ElapsedMs} ms" : "–")} | {phase.Outcome.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        md.Append('\n');
        if (operations.Verification is { } v)
            md.Append(CultureInfo.InvariantCulture, $"Verification compared {v.Rows} row(s) of the old and the new shape: {(v.Clean ? "no mismatch" : $"**{v.Mismatches} mismatching**, e.g. {string.Join(", ", v.Samples.Take(5))}")}.\n\n");
        if (operations.CompleteChanges.Count > 0)
        {
            md.Append("Complete changed the schema:\n\n");
            foreach (var change in operations.CompleteChanges)
                md.Append(CultureInfo.InvariantCulture, $"- {Words(change)}\n");
            md.Append('\n');
        }
        void Sql(string title, string sql) => md.Append(CultureInfo.InvariantCulture, $"### {title}\n\n```sql\n{sql}\n```\n\n");
        Sql($"Expand (`cutover up`)", operations.ExpandSql);
        Sql($"Verify (`cutover verify {migration.Id}`)", operations.VerifySql.Length > 0 ? operations.VerifySql : "-- nothing to compare");
        Sql($"Complete (`cutover complete {migration.Id}`)", operations.CompleteSql);
        Sql($"Abort (`cutover abort {migration.Id}`)", operations.AbortSql);
        return md.ToString();
    }

    private static string DrillSentence(DrillResult drill)
    {
        if (!drill.Ran)
            return $"The rollback drill did not run: {drill.SkippedBecause}.";
        var warning = (drill.ReorderedColumns.Count == 0 ? "" : " Warning: " + string.Join("; ", drill.ReorderedColumns.Select(Words)) + " (the columns came back in another order).")
            + (drill.RewrittenByUp.Count == 0 ? "" : " Note: rolling back keeps the values the up step wrote in " + string.Join("; ", drill.RewrittenByUp.Select(Rehearser.ContentWords)) + " (its down step does not restore them).");
        if (drill.Passed)
            return "The rollback drill passed: rolling back restored the schema, every table's row count and the rows of the tables the migrations touch exactly, and applying again gave the same schema." + warning;
        var problems = new List<string>();
        if (drill.SchemaDifferences.Count > 0)
            problems.Add("rolling back left the schema different: " + string.Join("; ", drill.SchemaDifferences.Select(Words)));
        if (drill.RowCountDifferences.Count > 0)
            problems.Add("rolling back changed row counts: " + string.Join("; ", drill.RowCountDifferences.Select(d => $"{d.Table} {d.Before} → {(d.After is { } a ? a.ToString(CultureInfo.InvariantCulture) : "gone")}")));
        if (drill.RowContentDifferences.Count > 0)
            problems.Add("rolling back left rows holding other values: " + string.Join("; ", drill.RowContentDifferences.Select(Rehearser.ContentWords)));
        if (drill.Error is not null)
            problems.Add(drill.Error);
        else if (drill.ReapplyDifferences.Count > 0)
            problems.Add("applying again gave another schema: " + string.Join("; ", drill.ReapplyDifferences.Select(Words)));
        return $"**The rollback drill failed:** {string.Join("; and ", problems)}.{warning}";
    }

    /// <summary>A schema change in words: "column added "public"."users"."role": text".</summary>
    private static string Words(SchemaChange change)
    {
        var kind = string.Concat(change.Kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        return change.Detail.Length == 0 ? $"{kind} `{change.Object}`" : $"{kind} `{change.Object}`: {change.Detail}";
    }

    private static string NotChecked(string? note) =>
        note is null ? "not checked" : note.StartsWith("not checked", StringComparison.Ordinal) ? note : $"not checked: {note}";

    private static string Ms(TimeSpan? duration) => duration is { } d ? $"{d.TotalMilliseconds:0.0} ms" : "–";

    private static string? Meta(RehearsedMigration migration, string key) =>
        migration.Metadata.FirstOrDefault(m => m.Key == key).Value?.Trim() is { Length: > 0 } value ? value : null;

    private static void Tick(StringBuilder md, bool proved, string item) => md.Append(proved ? "- [x] " : "- [ ] ").Append(item).Append('\n');
}
