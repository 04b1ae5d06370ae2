using System.Data.Common;
using System.Globalization;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// Turns a <see cref="PendingConstraint"/> into a finding: decides whether it can be evaluated on the copy (its
/// tables and columns exist; what it reads is not created or filled by an earlier pending statement), runs its
/// query and reads the count and the sample. Anything it cannot do becomes a note, never an exception.
/// </summary>
internal sealed class ConstraintEvaluator(ReadOnlyTransaction transaction, ExistingTables tables, PendingChanges changes, SqlSemantics engine)
{
    public async Task<AuditFinding> EvaluateAsync(PendingConstraint constraint, Place place, string? extraNote, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (constraint.Note is { } note)
            notes.Add(note);
        if (extraNote is not null)
            notes.Add(extraNote);
        var words = constraint.Words;
        string? sql = null;

        AuditFinding Finding(AuditOutcome outcome, long count, IReadOnlyList<string> sample, string? reason = null)
        {
            var all = reason is null ? notes : notes.Prepend(reason);
            var text = string.Join("; ", all);
            return new AuditFinding(place.MigrationId, place.Path, place.Line, words, outcome, count, sample, sql, text.Length == 0 ? null : text);
        }

        if (constraint.Test is NotAuditable notAuditable)
            return Finding(AuditOutcome.NotEvaluated, 0, [], notAuditable.Reason);
        try
        {
            var sample = await SampleColumnsAsync(constraint, notes, cancellationToken).ConfigureAwait(false);
            if (sample.Reason is not null)
                return Finding(AuditOutcome.NotEvaluated, 0, [], sample.Reason);

            var test = constraint.Test;
            if (test is ReferenceTest reference)
            {
                var (resolved, reason) = await ResolveAsync(reference, notes, cancellationToken).ConfigureAwait(false);
                if (resolved is null)
                    return Finding(AuditOutcome.NotEvaluated, 0, [], reason);
                if (reference.ReferencedColumns is null)
                    words += $" ({string.Join(", ", resolved.ReferencedColumns!)})";
                test = resolved;
            }

            sql = ViolationQuery.Build(test, constraint.Rows, sample.Columns!);
            var result = await transaction.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
            var count = result.Rows.Count == 0 ? 0 : Convert.ToInt64(result.Rows[0][^1], CultureInfo.InvariantCulture);
            var keys = result.Rows.Select(row => test is DuplicateTest duplicate
                    ? $"{SampleText.Pairs(duplicate.Keys.Select(k => k.Name), row)} ({SampleText.Value(row[^2])} rows)"
                    : SampleText.Pairs(result.Columns.Take(row.Length - 1), row))
                .ToList();
            if (count > 0 && constraint.NoteIfViolated is { } consequence)
                notes.Add(consequence);
            return Finding(count > 0 ? AuditOutcome.Violated : AuditOutcome.Passed, count, keys);
        }
        catch (DbException e)
        {
            return Finding(AuditOutcome.NotEvaluated, 0, [], $"the database could not run the audit query: {OneLine(e.Message)}");
        }
    }

    /// <summary>The columns that name a violating row, or why the rows cannot be read on the copy.</summary>
    private async Task<(IReadOnlyList<string>? Columns, string? Reason)> SampleColumnsAsync(PendingConstraint constraint, List<string> notes, CancellationToken cancellationToken)
    {
        if (constraint.Rows is SelectedRows selected)
        {
            foreach (var read in selected.Reads)
            {
                if (changes.CreatedAt(new TableName(null, read)) is { } created)
                    return (null, $"the SELECT reads {read}, which does not exist on the copy yet: it is created at {created}");
            }
            foreach (var change in selected.Reads.Distinct().Select(changes.ChangedBefore).OfType<RowChange>())
                notes.Add(ChangedNote(change));
            return (selected.Columns.Select(SchemaText.Quote).ToList(), null);
        }

        var table = ((TableRows)constraint.Rows).Table;
        if (changes.CreatedAt(table) is { } place)
            return (null, $"{table} does not exist on the copy yet: it is created at {place}");
        if (await tables.FindAsync(table, cancellationToken).ConfigureAwait(false) is not { } existing)
            return (null, $"{table} does not exist on the copy");
        if (ColumnsNamed(constraint.Test).FirstOrDefault(c => !existing.Columns.Contains(c, tables.Names)) is { } missing)
        {
            var reason = $"{table} has no column {missing} on the copy";
            return (null, changes.ColumnAddedAt(table, missing) is { } added
                ? $"{reason}: it is added at {added}, and its values come from statements the audit does not run"
                : reason);
        }
        if (changes.ChangedBefore(table.Name) is { } changed)
            notes.Add(ChangedNote(changed));
        // The primary key names a row best; the engine's row id (SQLite's rowid) is the next best; failing both, the row's own values.
        IReadOnlyList<string> columns = existing.PrimaryKey.Count > 0 ? existing.PrimaryKey.Select(SchemaText.Quote).ToList()
            : engine.RowIdColumn is { } rowid ? [rowid]
            : existing.Columns.Select(SchemaText.Quote).ToList();
        return (columns, null);
    }

    /// <summary>The referenced table's key, or why the foreign key cannot be checked against it.</summary>
    private async Task<(ReferenceTest? Test, string? Reason)> ResolveAsync(ReferenceTest test, List<string> notes, CancellationToken cancellationToken)
    {
        var parent = test.Referenced;
        if (changes.CreatedAt(parent) is { } created)
            return (null, $"not checked: {parent} is created at {created}, so the rows it will hold are not known before the migrations run");
        var change = changes.ChangedBefore(parent.Name);
        if (change is { Fills: true })
            return (null, $"not checked: {parent} is filled by {change.What} at {change.Where}, so the rows it will hold are not known before the migrations run");
        if (change is not null)
            notes.Add(ChangedNote(change));
        if (await tables.FindAsync(parent, cancellationToken).ConfigureAwait(false) is not { } existing)
            return (null, $"{parent} does not exist on the copy");
        var columns = test.ReferencedColumns ?? existing.PrimaryKey;
        if (columns.Count == 0)
            return (null, $"{parent} has no primary key for the foreign key to reference");
        if (columns.Count != test.Columns.Count)
            return (null, $"the foreign key has {test.Columns.Count} column(s) and the key of {parent} has {columns.Count}");
        return (test with { ReferencedColumns = columns }, null);
    }

    private static IEnumerable<string> ColumnsNamed(ConstraintTest test) => test switch
    {
        NullTest n => [n.Column],
        ReferenceTest r => r.Columns,
        DuplicateTest d => d.Keys.Select(k => k.Name),
        _ => [],
    };

    private static string ChangedNote(RowChange change) =>
        $"counted on the rows as they are now: {change.What} at {change.Where} runs first and may change them";

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
