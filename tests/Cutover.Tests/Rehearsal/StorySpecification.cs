using Cutover.Checking.Lint;
using Cutover.Postgres;
using Cutover.Rehearsal;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Rehearsal;

/// <summary>
/// The failure stories of CASES.md as runnable samples (samples/stories): each rehearsal fails naming what
/// is wrong, and passes once the migration is replaced by the one in the sample's fixed/ folder.
/// </summary>
public abstract class StorySpecification
{
    private protected abstract IDatabaseProvider Provider { get; }

    /// <summary>The engine's lint, as the tool picks it.</summary>
    private protected IEngineLint Lint => ProviderFactory.LintFor(Provider.Dialect).Engine;

    private protected abstract Task<string> NewDatabaseAsync();

    public static TheoryData<string, string, string> Stories() => new()
    {
        { "04-project-lists", "20260401090000", "contract user_projects: same-rows: 2 row(s) missing after the migration: (user_id=4, project_id=3), (user_id=5, project_id=3)" },
        { "07-orders-normalised", "20260701090000", "audit: 20260702090000_split_orders.sql:6: FOREIGN KEY order_headers (customer_id) → customers (id): 1 existing row(s) would violate it" },
        { "09-not-null-on-old-data", "20260901090000", "audit: 20260902090000_require_email.sql:4: NOT NULL users.email: 1 existing row(s) would violate it, e.g. id=42" },
        { "10-forgotten-index", "20261001090000", "rollback drill of 20261002090000_index_orders_by_customer.sql: the schema after rolling back differs from before: IndexAdded" },
    };

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task The_story_fails_naming_the_problem_and_passes_once_fixed(string story, string baseline, string expected)
    {
        var sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/stories", story));
        var work = Directory.CreateTempSubdirectory("cutover-story-").FullName;
        try
        {
            foreach (var folder in new[] { "migrations", "contracts" }.Where(f => Directory.Exists(Path.Combine(sample, f))))
            {
                Directory.CreateDirectory(Path.Combine(work, folder));
                foreach (var file in Directory.GetFiles(Path.Combine(sample, folder)))
                    File.Copy(file, Path.Combine(work, folder, Path.GetFileName(file)));
            }
            var db = await NewDatabaseAsync();
            var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = Path.Combine(work, "migrations") }, Provider);
            await migrator.UpAsync(new Running.UpOptions { To = baseline });

            var failed = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);
            foreach (var file in Directory.GetFiles(Path.Combine(sample, "fixed")))
                File.Copy(file, Path.Combine(work, "migrations", Path.GetFileName(file)), overwrite: true);
            var fixedReport = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

            Assert.False(failed.Passed);
            Assert.Contains(failed.Failures, f => f.Contains(expected, StringComparison.Ordinal));
            Assert.True(fixedReport.Passed, string.Join("\n", fixedReport.Failures));
            Assert.True(fixedReport.Drill.Passed);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

public sealed class SqliteStoryTests : StorySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}

public sealed class PostgresStoryTests : StorySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
