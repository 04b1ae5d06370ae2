using Cutover.Files;
using Cutover.History;

namespace Cutover.Running;

/// <summary>Compares migration files with history rows and says where each migration stands.</summary>
internal static class MigrationPlanner
{
    public static IReadOnlyList<PlannedMigration> Plan(IReadOnlyList<MigrationFile> files, IReadOnlyList<HistoryRecord> history)
    {
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
        return plan;
    }

    private static MigrationState StateOf(HistoryRecord row, MigrationFile? file) => row.State switch
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
