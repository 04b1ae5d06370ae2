using Cutover.Dashboard.Pages;
using Cutover.Rehearsal;
using Cutover.Running;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>The rehearsals page: the reports kept, newest first, and the one-pagers that exist, each named by its migration.</summary>
/// <param name="Page">The links and the database.</param>
/// <param name="DocsFolder">Where they were looked for.</param>
/// <param name="Reports">The reports, newest first.</param>
/// <param name="OnePagers">Each one-pager's migration id and the migration's status, null when the database does not know it.</param>
internal sealed record RehearsalsModel(PageContext Page, string DocsFolder, IReadOnlyList<KeptRehearsalReport> Reports,
    IReadOnlyList<(string Id, MigrationStatus? Status)> OnePagers)
{
    public static async Task<RehearsalsModel> ReadAsync(Migrator migrator, PageContext page, string docsFolder, CancellationToken cancellationToken)
    {
        var reports = await RehearsalDocs.ListReportsAsync(docsFolder, cancellationToken).ConfigureAwait(false);
        var ids = RehearsalDocs.OnePagerIds(docsFolder);
        var status = ids.Count == 0 ? null : await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        var onePagers = ids.Select(id => (id, status?.Migrations.FirstOrDefault(m => m.Id == id))).ToList();
        return new RehearsalsModel(page, docsFolder, reports, onePagers);
    }
}
