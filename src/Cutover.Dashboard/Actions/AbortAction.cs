using System.Globalization;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// Remove the new shape of an expanding or expanded migration, as <c>cutover abort &lt;id&gt;</c> does — never forced: an
/// abort while users are still rolled out to the new shape needs a reason, given at the command line.
/// </summary>
internal sealed class AbortAction : DashboardAction
{
    public const string Name = "abort";

    public override string Key => Name;

    public override async Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var target = await OperationTarget.ReadAsync(migrator, input.Id, cancellationToken).ConfigureAwait(false);
        if (target is null)
            return null;
        return new ActionPlan($"Abort {target.Status.Id} {target.Status.Name}", target.Facts(),
            "Aborting removes the new shape — its columns, triggers and views, with the SQL stored when it was expanded — and the migration's " +
            "history row, so the migration is pending again. The old shape is left as it was: the old version of the application never notices. " +
            "Data written only to the new shape is lost. The database refuses while a rollout still sends users to the new shape " +
            "(set it back to 0 %, no users and no groups first); a forced abort is only possible with `cutover abort --force --reason`.",
            "Abort the migration", "btn-danger", target.Status.Id)
        {
            Blocked = target.Phase is OperationPhases.Expanded or OperationPhases.Expanding
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"Only an expanding or expanded migration can be aborted; this one is {target.Phase}."),
        };
    }

    public override async Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var result = await migrator.AbortAsync(input.Id, new Operations.AbortOptions(), cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"Aborted {input.Id} in {result.ElapsedMs} ms: the new shape is removed and the migration is pending again.");
    }
}
