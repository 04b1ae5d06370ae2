using Cutover.Files;
using Cutover.History;
using Cutover.Running;

namespace Cutover.Workflows;

/// <summary>
/// Changing the history itself rather than the schema: marking an existing database as migrated up to an id
/// (baseline), and clearing failures or accepting edited files (repair). Every change goes to the audit log.
/// </summary>
internal sealed class RepairWorkflow(MigratorContext context)
{
    public async Task BaselineAsync(string id, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "Id");
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        // Refused before locking, so a refusal creates no table; checked again under the lock.
        RequireEmptyHistory(await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false), id);

        await using var session = await MigrationSession.OpenAsync(context, files, null, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        RequireEmptyHistory(session.Plan, id);
        await using (var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await HistoryTable.UpsertAsync(session.Connection, tx, context.NewHistoryRecord(id, "baseline", HistoryStates.Baseline), cancellationToken).ConfigureAwait(false);
            var covered = files.Count(f => string.CompareOrdinal(f.Id, id) <= 0);
            await context.Audit.AppendAsync(session.Connection, tx, "baseline", id, "ok", null, $"{covered} file(s) at or below {id} count as applied", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await session.RecordSchemaAsync("the baseline was recorded", cancellationToken).ConfigureAwait(false);
    }

    private static void RequireEmptyHistory(IReadOnlyList<PlannedMigration> plan, string id)
    {
        var recorded = plan.Count(m => m.Record is not null);
        if (recorded > 0)
            throw new OperationFailedException($"baseline {id}: the history already has {recorded} migration(s)", "baseline only a database that Cutover has never migrated");
    }

    public async Task<IReadOnlyList<string>> RepairAsync(RepairOptions options, CancellationToken cancellationToken)
    {
        if (options.Id is not null)
            MigrationIds.Validate(options.Id, nameof(RepairOptions.Id));
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var actions = new List<string>();
        var after = await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        if (SelectRepairs(after, options).Count > 0)
        {
            await using var session = await MigrationSession.OpenAsync(context, files, null, deferBackfills: false, cancellationToken).ConfigureAwait(false);
            foreach (var m in SelectRepairs(session.Plan, options))
                actions.Add(await RepairOneAsync(session, m, cancellationToken).ConfigureAwait(false));
            after = await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false);
        }

        var changedLeft = after.Count(m => m.State == MigrationState.Changed && (options.Id is null || m.Id == options.Id));
        if (changedLeft > 0)
            actions.Add($"{changedLeft} changed migration(s) left as they are: their edited files were not accepted");
        return actions;
    }

    private static List<PlannedMigration> SelectRepairs(IReadOnlyList<PlannedMigration> plan, RepairOptions options)
    {
        if (options.Id is not null && !plan.Any(m => m.Id == options.Id))
            throw new InvalidOptionException(nameof(RepairOptions.Id), options.Id, "no migration has this id");
        return plan.Where(m => (options.Id is null || m.Id == options.Id)
            && (m.State == MigrationState.Failed || (m.State == MigrationState.Changed && options.AcceptChecksums))).ToList();
    }

    private async Task<string> RepairOneAsync(MigrationSession session, PlannedMigration m, CancellationToken cancellationToken)
    {
        var row = m.Record!;
        string action;
        await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (m.State == MigrationState.Failed && row.StepsDone == 0 && row.StatementsDone == 0 && !row.IsRollingBack)
        {
            await HistoryTable.DeleteAsync(session.Connection, tx, m.Id, cancellationToken).ConfigureAwait(false);
            action = $"{m.Id}_{m.Name}: removed the failed record (nothing of it was applied); the next up runs it again";
        }
        else if (m.State == MigrationState.Failed)
        {
            await HistoryTable.UpsertAsync(session.Connection, tx, row with { State = HistoryStates.Running, Error = null }, cancellationToken).ConfigureAwait(false);
            action = $"{m.Id}_{m.Name}: cleared the failure; the next {row.Operation} resumes at step {row.StepsDone + 1}, statement {row.StatementsDone + 1}";
        }
        else
        {
            var file = m.File!;
            await HistoryTable.UpsertAsync(session.Connection, tx, row with { Checksum = file.Checksum, DownScript = MigrationFileParser.DownScript(file) }, cancellationToken).ConfigureAwait(false);
            action = $"{m.Id}_{m.Name}: accepted the edited file (checksum {row.Checksum[..Math.Min(12, row.Checksum.Length)]} -> {file.Checksum[..12]}) and its down SQL";
        }
        await context.Audit.AppendAsync(session.Connection, tx, "repair", m.Id, "ok", null, action, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return action;
    }
}
