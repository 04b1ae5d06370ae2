using System.Globalization;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// Contract an expanded migration's operations, as <c>cutover complete &lt;id&gt;</c> does — never forced: a complete
/// without a clean verification or a soaked rollout needs a reason, and that stays a deliberate act at the command line.
/// </summary>
internal sealed class CompleteAction : DashboardAction
{
    public const string Name = "complete";

    public override string Key => Name;

    public override async Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var target = await OperationTarget.ReadAsync(migrator, input.Id, cancellationToken).ConfigureAwait(false);
        if (target is null)
            return null;
        var options = migrator.Options;
        return new ActionPlan($"Complete {target.Status.Id} {target.Status.Name}", target.Facts(),
            "Completing contracts the operations: what only the old shape needed is dropped (the dropped columns' values are archived for " +
            Duration(options.ArchiveRetention) + "), renames and constraints are applied, and the old version of the application no longer " +
            "works against this database. The database refuses unless the last verification is clean and newer than the last backfill batch, " +
            "and a rollout, if there is one, has been at 100 % for " + Duration(options.RolloutSoak) + ". A forced complete is only possible " +
            "with `cutover complete --force --reason`.",
            "Complete the migration", "btn-success", target.Status.Id)
        {
            Blocked = target.Phase == OperationPhases.Expanded ? null : $"Only an expanded migration can be completed; this one is {target.Phase}.",
        };
    }

    public override async Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var result = await migrator.CompleteAsync(input.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"Completed {input.Id} in {result.ElapsedMs} ms: the old shape is gone.");
    }

    internal static string Duration(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} day(s)")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} minute(s)");
}
