using Cutover.Files;

namespace Cutover.Checking;

/// <summary>The naming rules, reported as findings so that one check shows them all: <c>malformed-name</c> and <c>duplicate-id</c>.</summary>
internal static class NameCheck
{
    /// <summary>A <c>*.sql</c> file whose name is not <c>&lt;14-digit id&gt;_&lt;slug&gt;.sql</c>.</summary>
    public const string MalformedName = "malformed-name";

    /// <summary>Two migrations with the same id.</summary>
    public const string DuplicateId = "duplicate-id";

    /// <summary>The findings for the folder, in file-name order.</summary>
    public static IReadOnlyList<CheckFinding> Check(FolderScan folder)
    {
        var findings = new List<CheckFinding>();
        foreach (var path in folder.BadlyNamed)
        {
            var file = Path.GetFileName(path);
            findings.Add(new CheckFinding(MalformedName, Severity.Error, path, 1, MigrationName.Problem(file),
                "every command refuses a folder with a misnamed *.sql file, so that a typo cannot make a migration silently disappear",
                MigrationNameHint.For(MigrationName.RemedyFor(file))));
        }

        var first = new Dictionary<string, ScannedMigration>(StringComparer.Ordinal);
        foreach (var migration in folder.Migrations)
        {
            if (!first.TryAdd(migration.Id, migration))
            {
                findings.Add(new CheckFinding(DuplicateId, Severity.Error, migration.Path, 1,
                    $"duplicate migration id {migration.Id} (also {first[migration.Id].FileName})",
                    "the id orders migrations and keys their history, so two files with one id cannot both run",
                    $"re-timestamp it with `cutover new --rename {migration.FileName}`"));
            }
        }
        return findings.OrderBy(f => Path.GetFileName(f.File), StringComparer.Ordinal).ToList();
    }
}
