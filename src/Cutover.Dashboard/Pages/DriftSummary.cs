using Cutover.Schema;

namespace Cutover.Dashboard.Pages;

/// <summary>
/// Drift as the pages show it: yes (with every change made outside migrations), no, or unknown with the reason (no schema
/// recorded yet). The overview shows the verdict; the schema page lists the changes too.
/// </summary>
internal sealed record DriftSummary(bool? Drifted, IReadOnlyList<SchemaChange> Changes, string Explanation)
{
    public static async Task<DriftSummary> ReadAsync(Migrator migrator, CancellationToken cancellationToken)
    {
        try
        {
            var report = await migrator.DriftAsync(cancellationToken).ConfigureAwait(false);
            var since = report.AfterMigration ?? "the baseline";
            return report.Drifted
                ? new DriftSummary(true, report.Changes, $"{report.Changes.Count} change(s) made outside migrations since {since}")
                : new DriftSummary(false, [], $"the schema matches the one recorded after {since}");
        }
        catch (OperationFailedException e)
        {
            // A database no migration has run on has no recorded schema to compare with: not an error of the page.
            return new DriftSummary(null, [], e.Message);
        }
    }
}
