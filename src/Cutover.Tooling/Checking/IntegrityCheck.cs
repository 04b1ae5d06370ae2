namespace Cutover.Checking;

/// <summary>
/// The integrity part of <c>cutover check</c>: file names, <c>cutover.sum</c>, and (given a git ref) the
/// branch rules against the base. Reads files and git only; needs no database.
/// </summary>
public static class IntegrityCheck
{
    /// <summary>
    /// Checks <paramref name="migrationsFolder"/> and returns every finding, all errors: first the name rules
    /// (<c>malformed-name</c>, <c>duplicate-id</c>), then the sum rules (<c>sum-missing</c>, <c>sum-out-of-date</c>,
    /// <c>sum-malformed</c>), then, when <paramref name="baseRef"/> is given, the branch rules (<c>older-than-base</c>,
    /// <c>base-edited</c>, <c>base-deleted</c>, <c>base-renamed</c>); each group in file-name then line order, so the
    /// same folder always gives the same list. Empty when all is well.
    /// </summary>
    /// <param name="migrationsFolder">The migrations folder.</param>
    /// <param name="baseRef">A git ref of the branch this one will merge into (e.g. <c>origin/main</c>), or null to skip the branch rules.</param>
    /// <param name="cancellationToken">Stops the reading and any git process.</param>
    /// <exception cref="CutoverException">
    /// The folder does not exist; or, with a base ref, git is not installed, the folder is not in a git repository or the ref is unknown (bad input).
    /// </exception>
    public static async Task<IReadOnlyList<CheckFinding>> RunAsync(string migrationsFolder, string? baseRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        var folder = await FolderScan.ReadAsync(migrationsFolder, cancellationToken).ConfigureAwait(false);

        // Read the base first: a bad ref is bad input, and should not wait for the rest.
        var onBase = baseRef is null ? null : await GitBase.ReadAsync(folder.Folder, baseRef, cancellationToken).ConfigureAwait(false);

        var findings = new List<CheckFinding>(NameCheck.Check(folder));
        findings.AddRange(await SumFile.CheckAsync(folder, cancellationToken).ConfigureAwait(false));
        if (onBase is not null)
        {
            findings.AddRange(BranchCheck.Compare(folder, onBase));
        }
        return findings;
    }
}
