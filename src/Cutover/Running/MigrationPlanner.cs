using Cutover.Files;
using Cutover.History;

namespace Cutover.Running;

/// <summary>Compares migration files with history rows and says where each migration stands.</summary>
internal static class MigrationPlanner
{
    /// <summary>
    /// Where each migration stands. <paramref name="operations"/> are the stored plans of migrations whose operations
    /// started: such a file is planned as it runs (<paramref name="expand"/> turns it and its stored plan into the
    /// expanded file), so step counts and resumes refer to the generated steps.
    /// </summary>
    public static IReadOnlyList<PlannedMigration> Plan(
        IReadOnlyList<MigrationFile> files, IReadOnlyList<HistoryRecord> history,
        IReadOnlyList<Operations.OperationRecord>? operations = null, Func<MigrationFile, Operations.OperationRecord, MigrationFile>? expand = null)
    {
        var stored = (operations ?? []).ToDictionary(o => o.MigrationId, StringComparer.Ordinal);
        files = files.Select(f => f.HasOperations && expand is not null && stored.TryGetValue(f.Id, out var o) ? expand(f, o) : f).ToList();
        var rows = history.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var baseline = history.Where(r => r.IsBaseline).Select(r => r.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
        var newest = history.Select(r => r.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
        var plan = new List<PlannedMigration>();

        foreach (var file in files)
        {
            rows.TryGetValue(file.Id, out var row);
            plan.Add(new PlannedMigration(file.Id, file.Name, file, row, row switch
            {
                null when baseline is not null && string.CompareOrdinal(file.Id, baseline) <= 0 => MigrationState.BelowBaseline,
                null when newest is not null && string.CompareOrdinal(file.Id, newest) < 0 => MigrationState.OutOfOrder,
                null => MigrationState.Pending,
                _ => StateOf(row, file),
            }));
        }

        var fileIds = files.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var row in history.Where(r => !fileIds.Contains(r.Id)))
            plan.Add(new PlannedMigration(row.Id, row.Name, null, row, StateOf(row, null)));

        plan.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return plan.Select(m => stored.TryGetValue(m.Id, out var o) ? m with { Operation = o } : m).ToList();
    }

    private static MigrationState StateOf(HistoryRecord row, MigrationFile? file)
    {
        RequirePossibleProgress(row, file);
        return row.State switch
        {
            HistoryStates.Baseline => MigrationState.Baseline,
            HistoryStates.Failed => MigrationState.Failed,
            HistoryStates.Running => MigrationState.Interrupted,
            HistoryStates.Backfilling => MigrationState.Backfilling,
            _ when file is null => MigrationState.Missing,
            _ when file.Checksum != row.Checksum => MigrationState.Changed,
            _ => MigrationState.Applied,
        };
    }

    /// <summary>
    /// An apply that stopped (interrupted, failed, waiting for a backfill) stopped before one of the file's up steps:
    /// a row that says more steps are done would make the next run skip them and call the migration applied.
    /// </summary>
    private static void RequirePossibleProgress(HistoryRecord row, MigrationFile? file)
    {
        // Only for the file the row was written with: an edited file is a changed migration, with its own remedy.
        if (file is null || file.Checksum != row.Checksum || row.IsRollingBack || row.IsCompleting || file.HasOperations
            || row.State is not (HistoryStates.Running or HistoryStates.Failed or HistoryStates.Backfilling))
            return;
        var steps = file.UpSteps.Count();
        if (row.StepsDone >= steps)
            throw new MigrationStateException(row.Id, MigrationConflict.HistoryUnreadable,
                $"{HistorySchema.HistoryTable} row {row.Id}: steps_done '{row.StepsDone}' is not possible for a {row.State} migration whose file has {steps} up step(s)",
                "the row was changed outside Cutover: correct that column");
    }
}
