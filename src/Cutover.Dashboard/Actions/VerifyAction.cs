using System.Globalization;

namespace Cutover.Dashboard.Actions;

/// <summary>Compare the two shapes of an expanded migration and store the result, as <c>cutover verify &lt;id&gt;</c> does (never with --repair).</summary>
internal sealed class VerifyAction : DashboardAction
{
    public const string Name = "verify";

    // The samples a page shows of the mismatching rows; the audit log and `cutover verify` have the rest.
    private const int SamplesShown = 5;

    public override string Key => Name;

    public override async Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var target = await OperationTarget.ReadAsync(migrator, input.Id, cancellationToken).ConfigureAwait(false);
        if (target is null)
            return null;
        return new ActionPlan($"Verify {target.Status.Id} {target.Status.Name}", target.Facts(),
            "Verifying compares the old and the new shape of every row of the migration's tables on the live database, batch by batch " +
            "(10,000 rows a batch), and stores the result in the audit log — complete needs a clean one newer than the last backfill batch. " +
            "It only reads the tables: mismatching rows are counted and listed, not repaired. On a large table it takes a while; the page waits for it.",
            "Verify now", "btn-primary", target.Status.Id)
        {
            Blocked = target.Phase == OperationPhases.Expanded ? null : $"Only an expanded migration can be verified; this one is {target.Phase}.",
        };
    }

    public override async Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var result = await migrator.VerifyAsync(input.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        var text = string.Create(CultureInfo.InvariantCulture, $"Verified {result.MigrationId}: {result.Rows} row(s) compared in {result.ElapsedMs} ms, {result.Mismatches} mismatching.");
        if (result.Samples.Count > 0)
            text += " First mismatches: " + string.Join("; ", result.Samples.Take(SamplesShown)) + ".";
        return text;
    }
}
