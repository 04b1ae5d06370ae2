namespace Cutover.Dashboard.Pages;

/// <summary>Drift as the overview shows it: yes, no, or unknown with the reason (no schema recorded yet).</summary>
internal sealed record DriftSummary(bool? Drifted, int Changes, string Explanation)
{
    public static async Task<DriftSummary> ReadAsync(Migrator migrator, CancellationToken cancellationToken)
    {
        try
        {
            var report = await migrator.DriftAsync(cancellationToken).ConfigureAwait(false);
            var since = report.AfterMigration ?? "the baseline";
            return report.Drifted
                ? new DriftSummary(true, report.Changes.Count, $"{report.Changes.Count} change(s) made outside migrations since {since}")
                : new DriftSummary(false, 0, $"the schema matches the one recorded after {since}");
        }
        catch (OperationFailedException e)
        {
            // A database no migration has run on has no recorded schema to compare with: not an error of the page.
            return new DriftSummary(null, 0, e.Message);
        }
    }
}
