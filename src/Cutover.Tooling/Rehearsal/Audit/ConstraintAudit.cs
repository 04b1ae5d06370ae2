using System.Data.Common;
using System.Data;
using Cutover.Checking.Lint;
using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// The data audit of <c>cutover rehearse</c>: before any pending migration runs, finds each constraint their up
/// steps would add (NOT NULL, CHECK, FOREIGN KEY, UNIQUE, PRIMARY KEY, and the constraints of a new table filled by
/// INSERT … SELECT) and counts the existing rows that would violate it, with a sample of their keys. It only reads:
/// every query runs in one transaction that is rolled back (READ ONLY on PostgreSQL). Described in docs/audit.md.
/// </summary>
public static class ConstraintAudit
{
    /// <summary>
    /// Audits <paramref name="pending"/>, in the order given (the order they will run), against the data
    /// <paramref name="connection"/> sees. Returns one finding per constraint, in statement order: passed,
    /// violated, or not evaluated with a note saying why (a table that does not exist yet, a form the audit does
    /// not read, a query the database refused). Opens the connection when it is closed, and closes it again.
    /// </summary>
    /// <param name="connection">A connection to the copy, with no transaction open on it.</param>
    /// <param name="provider">The engine behind <paramref name="connection"/>; it must implement <see cref="IReadOnlyInspection"/>.</param>
    /// <param name="pending">The migrations that would run, parsed with the same dialect.</param>
    /// <param name="cancellationToken">Stops the audit between or during queries.</param>
    public static async Task<IReadOnlyList<AuditFinding>> RunAsync(
        DbConnection connection, IDatabaseProvider provider, IReadOnlyList<MigrationFile> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(provider);
        var inspection = provider as IReadOnlyInspection ?? throw new ConfigurationException(
            $"the {provider.Name} provider cannot read a database without writing to it, so it cannot audit", remedy: "use a provider that implements IReadOnlyInspection");
        ArgumentNullException.ThrowIfNull(pending);
        var opened = connection.State != ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await ReadOnlyTransaction.BeginAsync(connection, inspection, cancellationToken).ConfigureAwait(false);
            var changes = new PendingChanges();
            var evaluator = new ConstraintEvaluator(transaction, new ExistingTables(transaction, inspection, provider.Semantics), changes, provider.Semantics);
            return await AuditAsync(evaluator, changes, provider.Dialect, provider.Semantics, pending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (opened)
                await connection.CloseAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<AuditFinding>> AuditAsync(
        ConstraintEvaluator evaluator, PendingChanges changes, SqlDialect dialect, SqlSemantics engine, IReadOnlyList<MigrationFile> pending, CancellationToken cancellationToken)
    {
        var findings = new List<(int Order, AuditFinding Finding)>();
        // PostgreSQL checks a constraint added NOT VALID only when VALIDATE CONSTRAINT runs, so that is where it is audited.
        var notValid = new Dictionary<(string Table, string Name), (PendingConstraint Constraint, Place Place, int Order)>();
        var order = 0;
        foreach (var file in pending)
        {
            var steps = file.Steps;
            for (var stepIndex = 0; stepIndex < steps.Count; stepIndex++)
            {
                if (steps[stepIndex].Kind.IsDown())
                    continue;
                foreach (var written in steps[stepIndex].Statements)
                {
                    order++;
                    var sql = steps[stepIndex].Kind == StepKind.Backfill ? AllBatches(written, dialect) : written;
                    var statement = new LintStatement(sql, steps[stepIndex], stepIndex, dialect, file.Path);
                    var place = new Place(file.Id, file.Path, sql.Line);
                    var read = Read(statement, engine, changes, place, out var unread);
                    if (unread is not null)
                        findings.Add((order, unread));
                    foreach (var constraint in read.Added)
                    {
                        if (constraint.NotValidName is { } name && constraint.Rows is TableRows rows)
                        {
                            notValid[(rows.Table.Name, name)] = (constraint, place, order);
                            continue;
                        }
                        findings.Add((order, await evaluator.EvaluateAsync(constraint, place, null, cancellationToken).ConfigureAwait(false)));
                    }
                    foreach (var key in read.Validated)
                    {
                        if (notValid.Remove(key, out var added))
                            findings.Add((order, await evaluator.EvaluateAsync(added.Constraint, place,
                                $"added NOT VALID at {added.Place}; VALIDATE CONSTRAINT checks the existing rows here", cancellationToken).ConfigureAwait(false)));
                    }
                    Track(statement, changes, place);
                }
            }
        }
        foreach (var (constraint, place, at) in notValid.Values)
        {
            findings.Add((at, await evaluator.EvaluateAsync(constraint, place,
                "added NOT VALID and not validated by the pending migrations: the database leaves these rows in place, but any update of them will fail",
                cancellationToken).ConfigureAwait(false)));
        }
        return findings.OrderBy(f => f.Order).Select(f => f.Finding).ToList();
    }

    /// <summary>
    /// A backfill statement as all its batches together: its <c>{batch}</c> placeholders replaced by a predicate every
    /// row meets, so the audit reads (and queries) what the whole backfill writes instead of tripping on the brace.
    /// </summary>
    private static SqlStatement AllBatches(SqlStatement statement, SqlDialect dialect) =>
        statement with { Text = BackfillStatement.Substitute(statement.Text, dialect, _ => "(1 = 1)") };

    private static bool IsReaderFault(Exception e) => e is ArgumentException or IndexOutOfRangeException or InvalidOperationException;

    private static void Track(LintStatement statement, PendingChanges changes, Place place)
    {
        try
        {
            changes.Track(statement, place);
        }
        catch (Exception e) when (IsReaderFault(e))
        {
            // A statement the reader cannot follow changes nothing the audit knows of; its own note says so.
        }
    }

    /// <summary>Reads the constraints a statement adds; a statement the reader trips on becomes a note, not a failure.</summary>
    private static StatementConstraints Read(LintStatement statement, SqlSemantics engine, PendingChanges changes, Place place, out AuditFinding? unread)
    {
        unread = null;
        try
        {
            return StatementConstraints.Read(statement, engine, changes);
        }
        catch (Exception e) when (IsReaderFault(e))
        {
            unread = new AuditFinding(place.MigrationId, place.Path, place.Line, statement.TextOf(0, statement.Count), AuditOutcome.NotEvaluated, 0, [], null,
                "the audit could not read this statement, so any constraint it adds was not checked");
            return StatementConstraints.None;
        }
    }
}
