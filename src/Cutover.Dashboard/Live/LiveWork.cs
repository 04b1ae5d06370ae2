using Cutover.Backfill;
using Cutover.Rollouts;
using Cutover.Running;

namespace Cutover.Dashboard.Live;

/// <summary>
/// Everything in flight, as the live page renders it and <c>live.json</c> sends it: numbers for the bars and the text
/// shown beside them, formatted here once so the page and its script never disagree on how a number reads.
/// </summary>
internal sealed record LiveWork(IReadOnlyList<LiveBackfill> Backfills, IReadOnlyList<LiveOperation> Operations, IReadOnlyList<LiveRollout> Rollouts)
{
    public static async Task<LiveWork> ReadAsync(Migrator migrator, CancellationToken cancellationToken)
    {
        var backfills = await migrator.BackfillStatusAsync(cancellationToken).ConfigureAwait(false);
        var status = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        var rollouts = await migrator.RolloutsAsync(cancellationToken).ConfigureAwait(false);
        return new LiveWork(
            [.. backfills.Select(LiveBackfill.Of)],
            // An operation migration is in its window from expanding until completed (or aborted and gone).
            [.. status.Migrations.Where(m => m.Phase is { } phase && phase != "completed").Select(LiveOperation.Of)],
            [.. rollouts.Select(LiveRollout.Of)]);
    }
}

/// <summary>
/// One backfill: <see cref="Percent"/> is null while the table's size is unknown. The position of a backfill cut into ranges
/// (several workers) is each range's, as `backfill status` lists them.
/// </summary>
internal sealed record LiveBackfill(
    string Key, string Id, string MigrationId, string Table, string State, long RowsDone, long? TotalEstimate, int? Percent,
    string Rows, string Rate, string Eta, string Position, string? Error)
{
    public static LiveBackfill Of(BackfillStatus b) => new(
        "backfill:" + b.Id, b.Id, b.MigrationId, b.Table, b.State, b.RowsDone, b.TotalEstimate, LiveText.Percent(b.RowsDone, b.TotalEstimate),
        LiveText.Rows(b.RowsDone, b.TotalEstimate), LiveText.Rate(b.RowsPerSecond), LiveText.Eta(b.Eta), PositionOf(b), b.Error);

    private static string PositionOf(BackfillStatus b) => b.Ranges.Count == 0
        ? b.PositionText ?? "–"
        : string.Join("; ", b.Ranges.Select(r => $"range {r.Worker} ({r.Describe(b.KeyColumns)}): {r.State}, {(r.PositionText is { } at ? "at " + at : "not started")}"));
}

/// <summary>An operation migration in its window (expanded, …): its phase and its last verification (<see cref="Clean"/> null when never).</summary>
internal sealed record LiveOperation(string Key, string Id, string Name, string Phase, string Verification, bool? Clean)
{
    public static LiveOperation Of(MigrationStatus m) =>
        new("operation:" + m.Id, m.Id, m.Name, m.Phase ?? "", LiveText.Verification(m.Verification), m.Verification?.Clean);
}

/// <summary>A rollout: the share of users on the new shape, the named users and groups, and since when it is at 100 %.</summary>
internal sealed record LiveRollout(string Key, string MigrationId, int Percent, string PercentText, int Users, int Groups, string FullSince, string UpdatedBy)
{
    public static LiveRollout Of(RolloutState r) => new(
        "rollout:" + r.MigrationId, r.MigrationId, r.Percent, $"{r.Percent} %", r.Users.Count, r.Groups.Count, LiveText.Time(r.FullSince), r.UpdatedBy);
}
