using Cutover.Dashboard.Rehearsals;
using Cutover.History;
using Cutover.Running;

namespace Cutover.Dashboard.Pages;

/// <summary>One migration's page: its state, its file's SQL (absent when the file is gone), its lint findings and one-pager, and its audit entries.</summary>
internal sealed record MigrationModel(PageContext Page, MigrationStatus Status, string? FilePath, string? Sql, IReadOnlyList<AuditEntry> Audit, MigrationReview Review)
{
    /// <summary>The migration <paramref name="id"/>, or null when the status report does not know it.</summary>
    public static async Task<MigrationModel?> ReadAsync(Migrator migrator, PageContext page, string id, CutoverDashboardOptions options, string docsFolder,
        CancellationToken cancellationToken)
    {
        var report = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        // Only ids the report lists are looked up on disk, so a crafted id never reaches a file name or pattern.
        var status = report.Migrations.FirstOrDefault(m => m.Id == id);
        if (status is null)
            return null;
        var file = FindFile(migrator.Options.MigrationsFolder, status.Id);
        var sql = file is null ? null : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        var audit = await AuditFilter.ReadAsync(migrator, new AuditFilter(status.Id, null, null), cancellationToken).ConfigureAwait(false);
        var review = await MigrationReview.ReadAsync(options, docsFolder, migrator.Options.MigrationsFolder, status.Id, file, cancellationToken).ConfigureAwait(false);
        return new MigrationModel(page, status, file, sql, audit, review);
    }

    // Files are named <id>_<name>.sql; a missing migration (applied, file deleted) has none.
    private static string? FindFile(string folder, string id) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, id + "_*.sql").Order(StringComparer.Ordinal).FirstOrDefault() : null;
}
