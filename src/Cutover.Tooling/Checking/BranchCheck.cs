namespace Cutover.Checking;

/// <summary>
/// The rules that compare the folder with the branch it will merge into: <c>older-than-base</c>,
/// <c>base-edited</c>, <c>base-deleted</c> and <c>base-renamed</c>. Migrations on the base may already
/// have run in production, so they must stay as they are, and a new one must sort after all of them.
/// </summary>
internal static class BranchCheck
{
    /// <summary>A migration added here has an id that is not greater than every id on the base.</summary>
    public const string OlderThanBase = "older-than-base";

    /// <summary>A migration on the base has different content here.</summary>
    public const string BaseEdited = "base-edited";

    /// <summary>A migration on the base is missing here.</summary>
    public const string BaseDeleted = "base-deleted";

    /// <summary>A migration on the base is here under another name.</summary>
    public const string BaseRenamed = "base-renamed";

    private const string MayHaveRun =
        "the base's migrations may already have run in production, where the history records each by id and checksum";

    /// <summary>The findings for the folder against the base, in file-name order.</summary>
    public static IReadOnlyList<CheckFinding> Compare(FolderScan folder, GitBase onBase)
    {
        var findings = new List<CheckFinding>();
        var here = folder.Migrations.ToDictionary(m => m.FileName, StringComparer.Ordinal);
        var baseNames = onBase.Migrations.Select(m => m.FileName).ToHashSet(StringComparer.Ordinal);
        var added = folder.Migrations.Where(m => !baseNames.Contains(m.FileName)).ToList();
        var renamedTo = new HashSet<string>(StringComparer.Ordinal);

        foreach (var original in onBase.Migrations)
        {
            if (here.TryGetValue(original.FileName, out var mine))
            {
                if (mine.Checksum != original.Checksum && !UnchangedSinceFork(original.FileName, mine.Checksum, onBase))
                {
                    findings.Add(new CheckFinding(BaseEdited, Severity.Error, mine.Path, 1,
                        $"{mine.FileName} differs from the file on {onBase.Ref}",
                        MayHaveRun + "; an edit would not run there, and would show as changed and stop `cutover up`",
                        $"revert it (`git checkout {onBase.Ref} -- {onBase.FolderInRepository}{mine.FileName}` from the repository root) and write a new migration with `cutover new`"));
                }
                continue;
            }

            // Added on the base after this branch forked: the branch is behind, it did not delete it.
            if (onBase.AtForkPoint is { } fork && !fork.ContainsKey(original.FileName))
            {
                continue;
            }
            var renamed = added.FirstOrDefault(m => m.Checksum == original.Checksum && !renamedTo.Contains(m.FileName));
            if (renamed is not null)
            {
                renamedTo.Add(renamed.FileName);
                findings.Add(new CheckFinding(BaseRenamed, Severity.Error, renamed.Path, 1,
                    $"{renamed.FileName} is {original.FileName} from {onBase.Ref}, renamed",
                    MayHaveRun + "; under a new id it would run a second time there, and the old id would show as missing",
                    $"rename it back to {original.FileName}"));
            }
            else
            {
                findings.Add(new CheckFinding(BaseDeleted, Severity.Error, Path.Combine(folder.Folder, original.FileName), 1,
                    $"{original.FileName} is on {onBase.Ref} but missing here",
                    MayHaveRun + "; without the file it shows as missing and `cutover validate` fails",
                    $"restore it (`git checkout {onBase.Ref} -- {onBase.FolderInRepository}{original.FileName}` from the repository root); to undo its change, write a new migration"));
            }
        }

        var newest = onBase.Migrations.MaxBy(m => m.Id, StringComparer.Ordinal);
        if (newest is not null)
        {
            foreach (var migration in added.Where(m => !renamedTo.Contains(m.FileName) && string.CompareOrdinal(m.Id, newest.Id) <= 0))
            {
                // Deleted on the base after the fork: the branch did not add it, so its id is not the branch's doing.
                if (onBase.AtForkPoint?.ContainsKey(migration.FileName) == true)
                {
                    continue;
                }
                findings.Add(new CheckFinding(OlderThanBase, Severity.Error, migration.Path, 1,
                    $"{migration.FileName} has id {migration.Id}, not newer than {newest.Id} ({newest.FileName}), the newest migration on {onBase.Ref}",
                    "databases that already ran the base's migrations would see it as out of order: `cutover up` refuses it, and ids would no longer say the order changes ran in",
                    $"re-timestamp it with `cutover new --rename {migration.FileName}`"));
            }
        }
        return findings.OrderBy(f => Path.GetFileName(f.File), StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
    }

    // The branch's copy equals the fork point's, so the difference is the base's own later edit.
    private static bool UnchangedSinceFork(string fileName, string checksum, GitBase onBase) =>
        onBase.AtForkPoint is { } fork && fork.TryGetValue(fileName, out var atFork) && atFork == checksum;
}
