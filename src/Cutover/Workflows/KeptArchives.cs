using Cutover.Files;
using Cutover.History;
using Cutover.Operations;
using Cutover.Running;
using Cutover.Sql;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// The archive tables complete keeps for <see cref="CutoverOptions.ArchiveRetention"/>: which are kept, and dropping those
/// whose window has passed. Once a window has passed, down refuses the migration anyway, so the archive is only space.
/// </summary>
/// <remarks>
/// Only the history and the stored plans are read: no migration file is needed, so a purge works after a branch switch
/// removed a file, and from a worker whatever folder it was given.
/// </remarks>
internal sealed class KeptArchives(MigratorContext context)
{
    public async Task<IReadOnlyList<ArchivedMigration>> ListAsync(CancellationToken cancellationToken)
    {
        var plan = await context.ReadPlanAsync([], cancellationToken).ConfigureAwait(false);
        return Kept(plan, DateTime.UtcNow);
    }

    /// <summary>Drops the archive tables of every completed migration whose window has passed, one transaction per migration, under the migration lock.</summary>
    public async Task<IReadOnlyList<PurgedArchives>> PurgeAsync(CancellationToken cancellationToken)
    {
        // Decided first without the lock: nothing expired takes no lock and writes nothing.
        if (!Kept(await context.ReadPlanAsync([], cancellationToken).ConfigureAwait(false), DateTime.UtcNow).Any(a => a.Expired))
            return [];

        // The lock keeps a down that is restoring from an archive (its own session) from running while it is dropped; and
        // the plan is read again under it, since such a down may have started or finished since.
        await using var session = await MigrationSession.OpenAsync(context, [], null, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var executor = new StepExecutor(context.Provider, context.Options.LockRetry, context.Logger, async message =>
            await context.Audit.AppendAsync(session.Connection, null, "lock", null, "retried", null, message, cancellationToken).ConfigureAwait(false));
        var purged = new List<PurgedArchives>();
        foreach (var archived in Kept(session.Plan, now).Where(a => a.Expired))
        {
            var operation = session.Plan.Single(m => m.Id == archived.MigrationId).Operation!;
            var drops = new MigrationStep(StepKind.Up, 0, "", archived.Tables.Select((t, i) => new SqlStatement($"DROP TABLE IF EXISTS {t}", i + 1)).ToList());
            var detail = $"dropped {string.Join(", ", archived.Tables)} (kept until {archived.RetainUntil:u})";
            try
            {
                // The drops, the plan that no longer lists them and the audit entry commit together, under the lock_timeout
                // retry policy: an archive a long query still reads is waited for, not fought over.
                await executor.RunTransactionalAsync(session.Connection, drops, transaction => DbCommands.ExecuteBatchAsync(session.Connection, transaction,
                    [OperationTable.ArchivesDropped(archived.MigrationId, operation.Phases), context.Audit.Entry("purge", archived.MigrationId, "ok", null, detail)],
                    cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (StatementFailure failure)
            {
                throw new OperationFailedException(
                    $"{HistorySchema.OperationTable}:{archived.MigrationId}: its archives were not dropped: {failure.Statement.Text}: {failure.Message}",
                    "nothing of this migration's archives was dropped (its transaction rolled back); fix the cause and purge again", failure.InnerException);
            }
            Logging.CutoverLog.ArchivesPurged(context.Logger, archived.MigrationId, detail);
            purged.Add(new PurgedArchives(archived.MigrationId, archived.Tables, archived.RetainUntil));
        }
        return purged;
    }

    /// <summary>
    /// Completed migrations that still list archive tables. Only "completed": a down interrupted while restoring from its
    /// archive is "aborting", and resuming it needs the archive whatever the window says.
    /// </summary>
    private static List<ArchivedMigration> Kept(IReadOnlyList<PlannedMigration> plan, DateTime now) =>
        plan.Where(m => m.Phase == "completed" && m.Operation is { CompletedAt: not null, RetainUntil: not null, Phases.Archives.Count: > 0 })
            .Select(m => new ArchivedMigration(m.Id, m.Name, m.Operation!.Phases.Archives, m.Operation.CompletedAt!.Value, m.Operation.RetainUntil!.Value,
                m.Operation.RetainUntil < now))
            .ToList();
}
