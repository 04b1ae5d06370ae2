using Cutover.Backfill;
using Cutover.Rollouts;
using Cutover.Running;

namespace Cutover.Dashboard.Pages;

/// <summary>The overview page: the database, the counts, drift, and the work still in flight.</summary>
internal sealed record OverviewModel(
    PageContext Page,
    string Provider,
    int Applied,
    int Pending,
    int Failed,
    DriftSummary Drift,
    MigrationLockState Lock,
    IReadOnlyList<BackfillStatus> Backfills,
    IReadOnlyList<MigrationStatus> Operations,
    IReadOnlyList<RolloutState> Rollouts)
{
    public static async Task<OverviewModel> ReadAsync(Migrator migrator, PageContext page, CancellationToken cancellationToken)
    {
        var status = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        var drift = await DriftSummary.ReadAsync(migrator, cancellationToken).ConfigureAwait(false);
        var backfills = await migrator.BackfillStatusAsync(cancellationToken).ConfigureAwait(false);
        var rollouts = await migrator.RolloutsAsync(cancellationToken).ConfigureAwait(false);
        var migrationLock = await migrator.MigrationLockAsync(cancellationToken).ConfigureAwait(false);
        return new OverviewModel(
            page,
            status.Provider,
            status.Migrations.Count(m => StateGroups.IsApplied(m.State)),
            status.Migrations.Count(m => StateGroups.IsPending(m.State)),
            status.Migrations.Count(m => StateGroups.IsFailed(m.State)),
            drift,
            migrationLock,
            [.. backfills.Where(b => b.State != BackfillStates.Done)],
            // An operation migration is in its window from expanding until completed (or aborted and gone).
            [.. status.Migrations.Where(m => m.Phase is { } phase && phase != "completed")],
            rollouts);
    }
}
