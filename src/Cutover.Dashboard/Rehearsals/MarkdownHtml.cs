using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>
/// Rehearsal reports and one-pagers as HTML. Their text comes from migration files (the <c>-- why:</c> header, the SQL)
/// and database errors, so it is treated as hostile: raw HTML is not parsed (it stays text, encoded), links keep only
/// web and mail addresses, and images become links (the page shows no picture it did not ship).
/// </summary>
internal static class MarkdownHtml
{
    // Pipe tables for the summary's tables, task lists for the one-pager's checklist, Bootstrap's classes on them (the CSP
    // allows no style of our own); nothing else beyond CommonMark.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseBootstrap()
        .DisableHtml()
        .Build();

    public static HtmlString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!IsSafe(link.Url))
                link.Url = "#";
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
                link.Url = "#";
        }
        return new HtmlString(Markdown.ToHtml(document, Pipeline));
    }

    // A javascript: or data: address would run or show something the CSP is the last line against; relative links and
    // anchors are harmless, as are http(s) and mailto. Anything else with a scheme is dropped.
    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return true;
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !url.StartsWith('/'))
            return absolute.Scheme is "http" or "https" or "mailto";
        return !url.Contains(':', StringComparison.Ordinal);
    }
}
