using Cutover.Running;

namespace Cutover.Dashboard.Pages;

/// <summary>
/// The overview's three counts from the status report's finer states: a changed, missing, backfilling or baseline
/// migration has run (applied), an out-of-order one has not (pending), an interrupted one stopped part-way (failed).
/// </summary>
internal static class StateGroups
{
    public static bool IsApplied(MigrationState state) => state is MigrationState.Applied or MigrationState.Changed or MigrationState.Missing
        or MigrationState.Backfilling or MigrationState.Baseline;

    public static bool IsPending(MigrationState state) => state is MigrationState.Pending or MigrationState.OutOfOrder;

    public static bool IsFailed(MigrationState state) => state is MigrationState.Failed or MigrationState.Interrupted;

    /// <summary>The Bootstrap badge colour of a state: green ran, grey waits, red needs a person, yellow needs a look.</summary>
    public static string BadgeClass(MigrationState state) => state switch
    {
        MigrationState.Applied or MigrationState.Baseline => "text-bg-success",
        MigrationState.Pending or MigrationState.BelowBaseline => "text-bg-secondary",
        MigrationState.Failed or MigrationState.Interrupted => "text-bg-danger",
        _ => "text-bg-warning",
    };

    /// <summary>The state as the CLI's status table words it (lower case, spaced).</summary>
    public static string Label(MigrationState state) => state switch
    {
        MigrationState.OutOfOrder => "out of order",
        MigrationState.BelowBaseline => "below baseline",
        _ => state.ToString().ToLowerInvariant(),
    };
}
