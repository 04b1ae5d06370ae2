using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Rehearsal;

/// <summary>A rehearsal report kept in the docs folder's <c>rehearsals</c> folder.</summary>
/// <param name="Name">The file's name without <c>.md</c>: the UTC time the rehearsal started, e.g. <c>20261204T211059Z</c> (with <c>-2</c>, <c>-3</c> … when several started in the same second).</param>
/// <param name="Path">The Markdown file's full path.</param>
/// <param name="RehearsedAt">When the rehearsal started (UTC), read from the name.</param>
/// <param name="Passed">Whether it passed, read from the report's title; null when the title says neither.</param>
public sealed record KeptRehearsalReport(string Name, string Path, DateTime RehearsedAt, bool? Passed);

/// <summary>
/// Where <c>cutover rehearse</c> writes, in one place so the tool that writes and the dashboard that reads agree: the
/// one-pager of each migration (<c>&lt;docs&gt;/&lt;id&gt;.md</c>) and the report of each run
/// (<c>&lt;docs&gt;/rehearsals/&lt;UTC time&gt;.md</c>, and the JSON report beside it).
/// </summary>
public static partial class RehearsalDocs
{
    /// <summary>The folder the reports go to, inside the docs folder.</summary>
    public const string ReportsFolderName = "rehearsals";

    private const string NameFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The default docs folder: <c>docs/migrations</c> beside the migrations folder.</summary>
    public static string DefaultFolder(string migrationsFolder)
    {
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        var full = System.IO.Path.GetFullPath(migrationsFolder);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? full, "docs", "migrations");
    }

    /// <summary>The one-pager of the migration <paramref name="migrationId"/> (a 14-digit id, never a path).</summary>
    public static string OnePagerPath(string docsFolder, string migrationId)
    {
        ArgumentNullException.ThrowIfNull(docsFolder);
        if (!MigrationIdPattern().IsMatch(migrationId))
            throw new ArgumentException($"'{migrationId}' is not a migration id", nameof(migrationId));
        return System.IO.Path.Combine(docsFolder, migrationId + ".md");
    }

    /// <summary>The ids of the migrations whose one-pager is in <paramref name="docsFolder"/>, in id order.</summary>
    public static IReadOnlyList<string> OnePagerIds(string docsFolder)
    {
        ArgumentNullException.ThrowIfNull(docsFolder);
        if (!Directory.Exists(docsFolder))
            return [];
        return Directory.EnumerateFiles(docsFolder, "*.md")
            .Select(System.IO.Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(id => MigrationIdPattern().IsMatch(id))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Keeps <paramref name="summaryMarkdown"/> (and <paramref name="json"/>, when given, beside it as <c>.json</c>) as the
    /// report of the rehearsal that started at <paramref name="rehearsedAt"/>; a report already there is never overwritten.
    /// </summary>
    /// <returns>The Markdown file's full path.</returns>
    public static async Task<string> WriteReportAsync(string docsFolder, DateTime rehearsedAt, string summaryMarkdown, string? json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docsFolder);
        ArgumentNullException.ThrowIfNull(summaryMarkdown);
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(docsFolder, ReportsFolderName)).FullName;
        var stamp = rehearsedAt.ToUniversalTime().ToString(NameFormat, CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? stamp : $"{stamp}-{attempt.ToString(CultureInfo.InvariantCulture)}";
            var path = System.IO.Path.Combine(folder, name + ".md");
            FileStream stream;
            try
            {
                // CreateNew: two rehearsals started in the same second each keep their own report.
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }
            await using (stream.ConfigureAwait(false))
            await using (var writer = new StreamWriter(stream))
                await writer.WriteAsync(summaryMarkdown.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (json is not null)
                await File.WriteAllTextAsync(System.IO.Path.ChangeExtension(path, ".json"), json, cancellationToken).ConfigureAwait(false);
            return path;
        }
    }

    /// <summary>The reports kept in <paramref name="docsFolder"/>, newest first; files not named like one are left out.</summary>
    public static async Task<IReadOnlyList<KeptRehearsalReport>> ListReportsAsync(string docsFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docsFolder);
        var folder = System.IO.Path.Combine(docsFolder, ReportsFolderName);
        if (!Directory.Exists(folder))
            return [];
        var reports = new List<KeptRehearsalReport>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.md"))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            var match = ReportNamePattern().Match(name);
            if (!match.Success)
                continue;
            var at = DateTime.ParseExact(match.Groups["stamp"].Value, NameFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            reports.Add(new KeptRehearsalReport(name, path, at, await PassedAsync(path, cancellationToken).ConfigureAwait(false)));
        }
        return reports
            .OrderByDescending(r => r.RehearsedAt)
            .ThenByDescending(r => r.Name.Length).ThenByDescending(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    // The summary's first line is its verdict (RehearsalMarkdown.Summary): reading it costs one line, not the report.
    private static async Task<bool?> PassedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var title = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return title switch
        {
            "# Rehearsal: passed" => true,
            "# Rehearsal: FAILED" => false,
            _ => null,
        };
    }

    [GeneratedRegex(@"^\d{14}$")]
    private static partial Regex MigrationIdPattern();

    [GeneratedRegex(@"^(?<stamp>\d{8}T\d{6}Z)(-\d{1,4})?$")]
    private static partial Regex ReportNamePattern();
}
