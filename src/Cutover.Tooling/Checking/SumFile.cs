using Cutover.Files;

namespace Cutover.Checking;

/// <summary>
/// The integrity file <c>migrations/cutover.sum</c>: line 1 is <c>cutover-sum v1 &lt;sha256&gt;</c>, the
/// SHA-256 of every following line joined with <c>\n</c>; then one <c>&lt;file name&gt; &lt;checksum&gt;</c>
/// line per migration, in ordinal file-name order; the file ends with a newline. Because line 1 changes
/// whenever any migration is added or edited, two branches that each add one conflict in git on that line,
/// so the second merge is a conscious one (docs/integrity.md).
/// </summary>
public static class SumFile
{
    /// <summary>The file name, in the migrations folder.</summary>
    public const string FileName = "cutover.sum";

    /// <summary>The path of <c>cutover.sum</c> in <paramref name="migrationsFolder"/>.</summary>
    public static string PathIn(string migrationsFolder)
    {
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        return Path.Combine(Path.GetFullPath(migrationsFolder), FileName);
    }

    /// <summary>The text <c>cutover.sum</c> should have for the folder as it is now.</summary>
    /// <exception cref="CutoverException">The folder does not exist (bad input).</exception>
    public static async Task<string> ExpectedTextAsync(string migrationsFolder, CancellationToken cancellationToken)
    {
        var folder = await FolderScan.ReadAsync(migrationsFolder, cancellationToken).ConfigureAwait(false);
        return SumText.Format(folder.Migrations);
    }

    /// <summary>
    /// Writes <c>cutover.sum</c> for the folder as it is now, replacing whatever was there (a stale file, or one
    /// with merge conflict markers), and says which migrations changed since the previous file. The new file is
    /// written beside it and moved over it, so a reader never sees half a file.
    /// </summary>
    /// <exception cref="CutoverException">The folder does not exist (bad input).</exception>
    public static async Task<SumUpdate> WriteAsync(string migrationsFolder, CancellationToken cancellationToken)
    {
        var folder = await FolderScan.ReadAsync(migrationsFolder, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(folder.Folder, FileName);
        var previous = await ReadIfPresentAsync(path, cancellationToken).ConfigureAwait(false);
        var text = SumText.Format(folder.Migrations);

        // Both sides of a conflict count as "before", so resolving a merge reports no phantom changes.
        var before = previous is null ? [] : SumText.Parse(previous).Entries;
        var checksumsBefore = before.ToLookup(e => e.FileName, e => e.Checksum, StringComparer.Ordinal);
        var now = folder.Migrations.Select(m => m.FileName).ToHashSet(StringComparer.Ordinal);
        var added = folder.Migrations.Where(m => !checksumsBefore.Contains(m.FileName)).Select(m => m.FileName).ToList();
        var edited = folder.Migrations
            .Where(m => checksumsBefore.Contains(m.FileName) && !checksumsBefore[m.FileName].Contains(m.Checksum))
            .Select(m => m.FileName).ToList();
        var removed = before.Select(e => e.FileName).Distinct().Where(n => !now.Contains(n)).Order(StringComparer.Ordinal).ToList();

        // Same text up to line endings (a Windows checkout) is up to date; rewriting it would only churn.
        var written = previous is null || MigrationText.Normalise(previous) != text;
        if (written)
        {
            await WriteAtomicallyAsync(path, text, cancellationToken).ConfigureAwait(false);
        }
        return new SumUpdate(path, written, folder.Migrations.Count, added, edited, removed, folder.BadlyNamed);
    }

    /// <summary>
    /// Compares <c>cutover.sum</c> with the folder: <c>sum-missing</c>, <c>sum-out-of-date</c> (each added,
    /// edited and removed file by name, and a line 1 that does not hash the rest) and <c>sum-malformed</c>
    /// (a line not in the format, e.g. leftover conflict markers), all errors, ordered by file and line.
    /// </summary>
    /// <exception cref="CutoverException">The folder does not exist (bad input).</exception>
    public static async Task<IReadOnlyList<CheckFinding>> CheckAsync(string migrationsFolder, CancellationToken cancellationToken)
    {
        var folder = await FolderScan.ReadAsync(migrationsFolder, cancellationToken).ConfigureAwait(false);
        return await CheckAsync(folder, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<CheckFinding>> CheckAsync(FolderScan folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.Folder, FileName);
        var text = await ReadIfPresentAsync(path, cancellationToken).ConfigureAwait(false);
        return SumCheck.Compare(folder, path, text);
    }

    private static async Task<string?> ReadIfPresentAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
