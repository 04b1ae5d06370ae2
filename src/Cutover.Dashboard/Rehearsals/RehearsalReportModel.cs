using Cutover.Dashboard.Pages;
using Cutover.Rehearsal;
using Microsoft.AspNetCore.Html;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>One kept rehearsal report, rendered.</summary>
internal sealed record RehearsalReportModel(PageContext Page, KeptRehearsalReport Report, HtmlString Html)
{
    /// <summary>The report named <paramref name="name"/>, or null when the folder lists none by that name.</summary>
    public static async Task<RehearsalReportModel?> ReadAsync(PageContext page, string docsFolder, string name, CancellationToken cancellationToken)
    {
        // The name is looked up among the files listed, never joined to a path: "../../cutover.json" names nothing.
        var reports = await RehearsalDocs.ListReportsAsync(docsFolder, cancellationToken).ConfigureAwait(false);
        var report = reports.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        if (report is null)
            return null;
        var markdown = await File.ReadAllTextAsync(report.Path, cancellationToken).ConfigureAwait(false);
        return new RehearsalReportModel(page, report, MarkdownHtml.Render(markdown));
    }
}
