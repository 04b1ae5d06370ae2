using Cutover.Checking;
using Cutover.Checking.Lint;
using Cutover.Dashboard.Rehearsals;
using Cutover.Sql;
using Cutover.Sqlite.Tooling;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>The migration pages' lint: one check of the folder serves every page until a file in it changes.</summary>
public sealed class FolderCheckCacheTests
{
    [Fact]
    public async Task A_check_is_reused_while_the_folder_is_unchanged_and_rerun_when_a_file_is_edited_added_or_removed()
    {
        var folder = Directory.CreateTempSubdirectory("cutover-check-cache-").FullName;
        var file = Path.Combine(folder, "20260101000000_notes.sql");
        await File.WriteAllTextAsync(file, "-- cutover:up\nCREATE TABLE notes (id integer PRIMARY KEY);\n");
        var options = new CheckOptions(folder, new LintOptions(SqlDialect.Sqlite, new SqliteLint()));
        var cache = new FolderCheckCache();

        var first = await cache.RunAsync(options, CancellationToken.None);
        Assert.Contains(first.Findings, f => f.RuleId == "missing-down");
        Assert.Same(first, await cache.RunAsync(options, CancellationToken.None));

        // The fix is seen on the next page: the file's size and write time changed.
        await File.WriteAllTextAsync(file, "-- cutover:up\nCREATE TABLE notes (id integer PRIMARY KEY);\n-- cutover:down\nDROP TABLE notes;\n");
        var fixedReport = await cache.RunAsync(options, CancellationToken.None);
        Assert.DoesNotContain(fixedReport.Findings, f => f.RuleId == "missing-down");

        var added = Path.Combine(folder, "20260102000000_more.sql");
        await File.WriteAllTextAsync(added, "-- cutover:up\nCREATE TABLE more (id integer PRIMARY KEY);\n");
        Assert.Equal(2, (await cache.RunAsync(options, CancellationToken.None)).Files);
        File.Delete(added);
        Assert.Equal(1, (await cache.RunAsync(options, CancellationToken.None)).Files);
    }
}
