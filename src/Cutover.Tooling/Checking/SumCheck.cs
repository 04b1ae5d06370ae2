namespace Cutover.Checking;

/// <summary>Compares <c>cutover.sum</c> with the folder: the rules <c>sum-missing</c>, <c>sum-out-of-date</c> and <c>sum-malformed</c>.</summary>
internal static class SumCheck
{
    /// <summary>No <c>cutover.sum</c> while the folder has migrations.</summary>
    public const string Missing = "sum-missing";

    /// <summary><c>cutover.sum</c> does not match the folder: a file added, edited or removed, or line 1 does not hash the rest.</summary>
    public const string OutOfDate = "sum-out-of-date";

    /// <summary>A line of <c>cutover.sum</c> is not in the format, e.g. leftover git conflict markers.</summary>
    public const string Malformed = "sum-malformed";

    private const string Why =
        "cutover.sum must match the folder: it is what makes two branches that each add a migration conflict in git, "
        + "and what shows every change to the migrations in review";

    private const string RunSum = "run `cutover sum` and commit cutover.sum with the migrations";

    /// <summary>The findings for the folder and the text of its <c>cutover.sum</c> (null when there is none), ordered by file and line.</summary>
    public static IReadOnlyList<CheckFinding> Compare(FolderScan folder, string sumPath, string? sumText)
    {
        if (sumText is null)
        {
            return folder.Migrations.Count == 0 ? [] :
            [
                new CheckFinding(Missing, Severity.Error, sumPath, 1,
                    $"no cutover.sum beside the {folder.Migrations.Count} migration(s) in {folder.Folder}", Why, RunSum),
            ];
        }

        var sum = SumText.Parse(sumText);
        var findings = new List<CheckFinding>();
        foreach (var problem in sum.Problems)
        {
            var fix = problem.IsConflict
                ? "resolve it by running `cutover sum`, which rewrites the file from the folder (after checking that the migrations themselves merged as intended)"
                : "resolve it by running `cutover sum`, which rewrites the file from the folder; do not edit cutover.sum by hand";
            findings.Add(new CheckFinding(Malformed, Severity.Error, sumPath, problem.Line, problem.Message, Why, fix));
        }

        // After a conflict the entries are both sides' lines; the conflict is the one thing to fix.
        if (!sum.HasConflict)
        {
            if (sum.HeaderHashMatches == false)
            {
                findings.Add(new CheckFinding(OutOfDate, Severity.Error, sumPath, 1,
                    "line 1 of cutover.sum does not hash the lines below it: the file was edited by hand or a merge conflict was resolved by hand",
                    Why, "run `cutover sum` to rewrite it from the folder"));
            }
            findings.AddRange(FileDifferences(folder, sumPath, sum));
            if (findings.Count == 0 && sum.Normalised != SumText.Format(folder.Migrations))
            {
                // Every line is right but the order or layout is not what `cutover sum` writes.
                findings.Add(new CheckFinding(OutOfDate, Severity.Error, sumPath, 1,
                    "cutover.sum is not in the order and layout `cutover sum` writes", Why, "run `cutover sum` to rewrite it"));
            }
        }
        return findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();
    }

    private static IEnumerable<CheckFinding> FileDifferences(FolderScan folder, string sumPath, ParsedSum sum)
    {
        var listed = new Dictionary<string, SumEntry>(StringComparer.Ordinal);
        foreach (var entry in sum.Entries)
        {
            listed.TryAdd(entry.FileName, entry);
        }

        foreach (var migration in folder.Migrations)
        {
            if (!listed.TryGetValue(migration.FileName, out var entry))
            {
                yield return new CheckFinding(OutOfDate, Severity.Error, migration.Path, 1,
                    $"{migration.FileName} was added but is not in cutover.sum", Why, RunSum);
            }
            else if (entry.Checksum != migration.Checksum)
            {
                yield return new CheckFinding(OutOfDate, Severity.Error, sumPath, entry.Line,
                    $"{migration.FileName} was edited: its checksum differs from line {entry.Line} of cutover.sum", Why,
                    "if the migration has run anywhere, revert the edit and write a new migration; otherwise " + RunSum);
            }
        }

        var present = folder.Migrations.Select(m => m.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in listed.Values.Where(e => !present.Contains(e.FileName)))
        {
            yield return new CheckFinding(OutOfDate, Severity.Error, sumPath, entry.Line,
                $"{entry.FileName} is in cutover.sum (line {entry.Line}) but the file is gone", Why,
                "if the removal is intended and the migration never ran anywhere, " + RunSum + "; otherwise restore the file");
        }
    }
}
