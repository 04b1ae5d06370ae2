using System.Globalization;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>
    /// Marks an existing database, whose schema was made by other means, as being at <paramref name="id"/>:
    /// migration files up to and including it count as applied and are never run. Only on an empty history.
    /// </summary>
    public async Task BaselineAsync(string id, CancellationToken cancellationToken = default)
    {
        ValidateId(id, "Id");
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        await UnderLockAsync(files, null, plan =>
        {
            var recorded = plan.Count(m => m.Record is not null);
            if (recorded > 0)
                throw new OperationFailedException($"baseline {id}: the history already has {recorded} migration(s)", "baseline only a database that Cutover has never migrated");
            return id;
        }, _ => false, async (session, _) =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var row = new HistoryRecord(id, "baseline", "", null, HistoryStates.Baseline, HistoryStates.Up, 0, 0, null,
                DateTime.UtcNow, _options.AppliedBy, Environment.MachineName, 0, ToolVersion);
            await HistoryTable.UpsertAsync(session.Connection, tx, row, cancellationToken).ConfigureAwait(false);
            var covered = files.Count(f => string.CompareOrdinal(f.Id, id) <= 0);
            await _audit.AppendAsync(session.Connection, tx, "baseline", id, "ok", null, $"{covered} file(s) at or below {id} count as applied", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            await RecordSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            return 0;
        }, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Clears failed records so the next run can continue: a migration that failed before anything of it
    /// was applied is removed from the history; one that failed part-way resumes at the failed step and
    /// statement. With <see cref="RepairOptions.AcceptChecksums"/>, applied files that were edited have
    /// their new checksum and down SQL recorded. Every action is written to the audit log; returns them.
    /// </summary>
    public async Task<IReadOnlyList<string>> RepairAsync(RepairOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RepairOptions();
        if (options.Id is not null)
            ValidateId(options.Id, nameof(RepairOptions.Id));
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var (actions, after) = await UnderLockAsync(files, null, plan =>
        {
            if (options.Id is not null && !plan.Any(m => m.Id == options.Id))
                throw new InvalidOptionException(nameof(RepairOptions.Id), options.Id, "no migration has this id");
            return plan.Where(m => (options.Id is null || m.Id == options.Id)
                && (m.State == MigrationState.Failed || (m.State == MigrationState.Changed && options.AcceptChecksums))).ToList();
        }, repairs => repairs.Count == 0, async (session, repairs) =>
        {
            var done = new List<string>();
            foreach (var m in repairs)
                done.Add(await RepairOneAsync(session, m, cancellationToken).ConfigureAwait(false));
            return done;
        }, [], cancellationToken).ConfigureAwait(false);

        var changedLeft = after.Count(m => m.State == MigrationState.Changed && (options.Id is null || m.Id == options.Id));
        if (changedLeft > 0)
            actions.Add($"{changedLeft} changed migration(s) left as they are: their edited files were not accepted");
        return actions;
    }

    private async Task<string> RepairOneAsync(LockedSession session, PlannedMigration m, CancellationToken cancellationToken)
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
        await _audit.AppendAsync(session.Connection, tx, "repair", m.Id, "ok", null, action, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return action;
    }

    private static void ValidateId(string id, string option)
    {
        if (id.Length != 14 || !id.All(char.IsAsciiDigit)
            || !DateTime.TryParseExact(id, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new InvalidOptionException(option, $"'{id}'", "not a migration id (14 digits, yyyyMMddHHmmss UTC)");
    }
}
