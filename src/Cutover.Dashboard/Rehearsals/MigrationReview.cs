using Cutover.Rehearsal;
using Microsoft.AspNetCore.Html;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>What reviewers read beside a migration's SQL: its lint findings and the one-pager its rehearsal wrote.</summary>
/// <param name="Lint">The lint findings for its file.</param>
/// <param name="OnePager">The one-pager as HTML; null when no rehearsal has written one.</param>
/// <param name="DocsFolder">Where the one-pager was looked for.</param>
internal sealed record MigrationReview(MigrationLint Lint, HtmlString? OnePager, string DocsFolder)
{
    public static async Task<MigrationReview> ReadAsync(CutoverDashboardOptions options, string docsFolder, string migrationsFolder, string id, string? file,
        CancellationToken cancellationToken)
    {
        var lint = await MigrationLint.ReadAsync(options.Lint, options.Checks, migrationsFolder, file, cancellationToken).ConfigureAwait(false);
        // Only ids found in the folder are read: the id never becomes part of a path unchecked.
        HtmlString? onePager = null;
        if (RehearsalDocs.OnePagerIds(docsFolder).Contains(id, StringComparer.Ordinal))
            onePager = MarkdownHtml.Render(await File.ReadAllTextAsync(RehearsalDocs.OnePagerPath(docsFolder, id), cancellationToken).ConfigureAwait(false));
        return new MigrationReview(lint, onePager, docsFolder);
    }
}
