using Cutover.Checking;
using Cutover.Checking.Lint;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>The findings <c>cutover check</c> gives for one migration's file, or why there are none to show.</summary>
/// <param name="Configured">Whether the app gave the dashboard lint options.</param>
/// <param name="Findings">Every finding for the file, allowed ones included (they carry the reason they were allowed).</param>
internal sealed record MigrationLint(bool Configured, IReadOnlyList<CheckFinding> Findings)
{
    public static async Task<MigrationLint> ReadAsync(LintOptions? options, FolderCheckCache checks, string migrationsFolder, string? file, CancellationToken cancellationToken)
    {
        if (options is null)
            return new MigrationLint(false, []);
        if (file is null)
            return new MigrationLint(true, []);
        // The whole folder, as check runs it: rules see what earlier migrations established (a table created in the
        // same release is not locked by anyone), and the integrity and parse findings name the file too.
        var report = await checks.RunAsync(new CheckOptions(migrationsFolder, options), cancellationToken).ConfigureAwait(false);
        var path = Path.GetFullPath(file);
        return new MigrationLint(true, report.Findings.Where(f => string.Equals(Path.GetFullPath(f.File), path, StringComparison.Ordinal)).ToList());
    }
}
