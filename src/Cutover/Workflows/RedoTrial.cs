using System.Data.Common;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// Redo's dress rehearsal: the stored down steps, then the file's up steps, inside one transaction that is always
/// rolled back, on the locked connection. A down step that does not restore the schema recorded before the migration
/// was applied, or an up step that then fails or builds another schema, refuses the redo before anything is committed —
/// the migration stays applied and nothing changed. PostgreSQL and SQLite both run ordinary DDL inside a transaction;
/// a no-transaction or backfill step cannot be tried this way, so the trial stops short of it (and says so in the log).
/// </summary>
internal static class RedoTrial
{
    private const string Tried = "nothing was changed: the down and up steps were tried in a transaction that was rolled back";

    /// <summary>Whether the whole down direction was tried (false: a no-transaction step kept the trial from running).</summary>
    public static async Task<bool> RunAsync(
        MigratorContext context, DbConnection connection, PlannedMigration target, SchemaModel? beforeApplied, SchemaModel beforeRedo, CancellationToken cancellationToken)
    {
        var provider = context.Provider;
        var downs = target.StoredDownScript(provider.Dialect).DownSteps.ToList();
        if (!downs.All(s => s.Kind.IsTransactional()))
        {
            Logging.CutoverLog.RedoCannotTryDowns(context.Logger, target.Id);
            return false;
        }
        var ups = target.File!.UpSteps.ToList();
        var tryUp = ups.All(s => s.Kind.IsTransactional());

        await provider.BeforeMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        // Plain BEGIN/ROLLBACK rather than a DbTransaction: the schema readers' commands then join the transaction and
        // see what it changed.
        await DbCommands.ExecuteAsync(connection, null, "BEGIN", cancellationToken).ConfigureAwait(false);
        try
        {
            var timeout = provider.LockTimeoutStatement(context.Options.LockRetry.MaxTimeout, transactionScoped: true);
            if (timeout is not null)
                await DbCommands.ExecuteAsync(connection, null, timeout, cancellationToken).ConfigureAwait(false);

            await RunStepsAsync(connection, target, downs, fileLines: false, "its down step fails", cancellationToken).ConfigureAwait(false);
            var rolledBack = await provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
            if (beforeApplied is not null && Differences(beforeApplied, rolledBack, context, target) is { Count: > 0 } forgotten)
                throw Refused(target, "its down step does not restore the schema recorded before it was applied", forgotten);
            if (!tryUp)
                return true;

            await RunStepsAsync(connection, target, ups, fileLines: true, "applying it again after its down step fails", cancellationToken).ConfigureAwait(false);
            var reapplied = await provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
            if (Differences(beforeRedo, reapplied, context, target) is { Count: > 0 } different)
                throw Refused(target, "after its down and up steps the schema differs from the one before redo", different);
            return true;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await DbCommands.ExecuteAsync(connection, null, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                await provider.AfterMigrationAsync(connection, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What differs between the schema expected and the one found, in words; columns that only moved (PostgreSQL puts a
    /// re-added column last) are logged, not counted: the data and every query by column name are the same.
    /// </summary>
    public static IReadOnlyList<SchemaChange> Differences(SchemaModel expected, SchemaModel found, MigratorContext context, PlannedMigration target)
    {
        var changes = SchemaDiff.Compare(expected, found);
        foreach (var moved in changes.Where(c => c.Kind == SchemaChangeKind.ColumnsReordered))
            Logging.CutoverLog.RedoColumnOrder(context.Logger, target.Id, moved.Object, moved.Detail);
        return changes.Where(c => c.Kind != SchemaChangeKind.ColumnsReordered).ToList();
    }

    /// <summary>A schema change as what a down step forgot or left: <c>table "c" still exists</c>.</summary>
    public static string Words(SchemaChange change) => change.Kind switch
    {
        SchemaChangeKind.TableAdded => $"table {change.Object} still exists",
        SchemaChangeKind.TableDropped => $"table {change.Object} is missing",
        SchemaChangeKind.ColumnAdded => $"column {change.Object} still exists",
        SchemaChangeKind.ColumnDropped => $"column {change.Object} is missing",
        SchemaChangeKind.IndexAdded => $"{change.Object} still exists",
        SchemaChangeKind.IndexDropped => $"{change.Object} is missing",
        SchemaChangeKind.ObjectAdded => $"{change.Object} still exists",
        SchemaChangeKind.ObjectDropped => $"{change.Object} is missing",
        _ => $"{change.Kind} {change.Object}{(change.Detail.Length > 0 ? $" ({change.Detail})" : "")}",
    };

    public static string List(IReadOnlyList<SchemaChange> changes)
    {
        const int shown = 5;
        var more = changes.Count > shown ? $"; and {changes.Count - shown} more" : "";
        return string.Join("; ", changes.Take(shown).Select(Words)) + more;
    }

    private static async Task RunStepsAsync(DbConnection connection, PlannedMigration target, IReadOnlyList<MigrationStep> steps, bool fileLines, string what, CancellationToken cancellationToken)
    {
        foreach (var statement in steps.SelectMany(s => s.Statements))
        {
            try
            {
                await DbCommands.ExecuteAsync(connection, null, statement.Text, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new MigrationStateException(target.Id, MigrationConflict.RedoNotReversible,
                    $"{target.Where}{(fileLines ? $":{statement.Line}" : "")}: redo of {target.Id}: {what}: {e.Message.ReplaceLineEndings(" ").Trim()}; {Tried}",
                    "make the down step undo exactly what the up step does (the migration is applied)");
            }
        }
    }

    private static MigrationStateException Refused(PlannedMigration target, string what, IReadOnlyList<SchemaChange> changes) =>
        new(target.Id, MigrationConflict.RedoNotReversible, $"{target.Where}: redo of {target.Id}: {what}: {List(changes)}; {Tried}",
            "make the down step undo exactly what the up step does (the migration is applied)");
}
