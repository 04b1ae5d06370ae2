using Cutover.Checking.Lint;
using Cutover.Postgres;
using Cutover.Rehearsal;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Rehearsal;

/// <summary>
/// `rehearse` of a migration that declares operations, on both engines: expand, verify, abort (the drill's down, which
/// must give back the schema from before the expand exactly), expand again, verify again and complete, each timed.
/// </summary>
public abstract class OperationRehearsalSpecification : IDisposable
{
    private readonly MigrationsFolder _files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private IEngineLint Lint => ProviderFactory.LintFor(Provider.Dialect).Engine;

    /// <summary>A source with users (50 rows, every tenth nickname NULL) and a pending migration that retypes nickname (nicknames in upper case, back in lower case).</summary>
    private async Task<(string Db, Migrator Migrator)> SourceAsync()
    {
        var db = await NewDatabaseAsync();
        _files.Write("20260101000001", "create_users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, nickname text);
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder }, Provider);
        await migrator.UpAsync();
        await using (var c = await Provider.OpenAsync(db, forReading: false, CancellationToken.None))
        {
            await using var insert = c.CreateCommand();
            insert.CommandText = string.Join(";\n", Enumerable.Range(1, 50).Select(i =>
                $"INSERT INTO users (id, email, nickname) VALUES ({i}, 'u{i}@example.com', {(i % 10 == 0 ? "NULL" : $"'n{i}'")})"));
            await insert.ExecuteNonQueryAsync();
        }
        _files.Write("20260101000002", "retype_nickname", """
            -- why: nicknames are shown in upper case
            -- cutover:op alter-column users.nickname type varchar(40) up "upper(nickname)" down "lower(nickname)"
            """);
        return (db, migrator);
    }

    [Fact]
    public async Task An_operation_migration_is_expanded_verified_aborted_exactly_expanded_again_and_completed_on_the_copy()
    {
        var (db, migrator) = await SourceAsync();
        var fingerprint = SchemaText.Fingerprint(await migrator.ReadSchemaAsync());

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        var ops = Assert.Single(report.Migrations).Operations;
        Assert.NotNull(ops);
        Assert.Equal(["alter-column users.nickname type varchar(40) up \"upper(nickname)\" down \"lower(nickname)\""], ops.Declared);
        Assert.Equal(["expand", "verify", "abort", "expand again", "verify again", "complete"], ops.Phases.Select(p => p.Name));
        Assert.All(ops.Phases, p => Assert.True(p.Ran, $"{p.Name}: {p.Outcome}"));
        Assert.Equal((50L, 0L), (ops.Verification!.Rows, ops.Verification.Mismatches));
        Assert.Equal("50 row(s) compared, 0 mismatching", ops.Phases.Single(p => p.Name == "verify again").Outcome);
        Assert.True(ops.AbortRestoredSchema);
        Assert.Empty(ops.AbortDifferences);
        Assert.True(ops.Completed);
        Assert.True(ops.Passed);
        // Complete swaps in the retyped column: its own schema changes say so.
        Assert.Contains(ops.CompleteChanges, c => c.Object.Contains("nickname", StringComparison.Ordinal));
        Assert.Contains("upper(nickname)", ops.ExpandSql, StringComparison.Ordinal);
        Assert.Contains("-- cutover:backfill", ops.ExpandSql, StringComparison.Ordinal);
        Assert.StartsWith("-- cutover:down", ops.AbortSql, StringComparison.Ordinal);
        Assert.StartsWith("-- cutover:up", ops.CompleteSql, StringComparison.Ordinal);
        Assert.Contains("SELECT * FROM", ops.VerifySql, StringComparison.Ordinal);
        Assert.True(report.Drill.Passed);
        Assert.Equal(["clone", "snapshot", "contracts before", "audit", "apply", "contracts after", "drill", "complete"], report.Phases.Select(p => p.Name));
        // The source is only read: still the old shape, the migration still pending.
        Assert.Equal(fingerprint, SchemaText.Fingerprint(await migrator.ReadSchemaAsync()));
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
    }

    [Fact]
    public async Task The_one_pager_and_the_summary_show_each_phase_timed_the_verification_and_the_sql_of_each_phase()
    {
        var (db, migrator) = await SourceAsync();

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        var page = RehearsalMarkdown.OnePager(report, Assert.Single(report.Migrations));
        Assert.Contains("## Operations\n\n- `alter-column users.nickname type varchar(40) up \"upper(nickname)\" down \"lower(nickname)\"`", page, StringComparison.Ordinal);
        Assert.Matches(@"\| verify \| \d+ ms \| 50 row\(s\) compared, 0 mismatching \|", page);
        Assert.Matches(@"\| abort \| \d+ ms \| the schema fingerprint is exactly what it was before the expand \|", page);
        Assert.Matches(@"\| complete \| \d+ ms \| completed \(\d+ schema change\(s\)\) \|", page);
        foreach (var title in new[] { "### Expand (`cutover up`)", "### Verify (`cutover verify 20260101000002`)", "### Complete (`cutover complete 20260101000002`)", "### Abort (`cutover abort 20260101000002`)" })
            Assert.Contains(title + "\n\n```sql\n", page, StringComparison.Ordinal);
        Assert.Contains("- [x] Verified after expand: 50 row(s) compared, 0 mismatching", page, StringComparison.Ordinal);
        Assert.Contains("- [x] Aborted: the schema fingerprint is exactly what it was before the expand", page, StringComparison.Ordinal);
        Assert.Contains("- [x] Completed on the copy after a clean verification", page, StringComparison.Ordinal);
        var summary = RehearsalMarkdown.Summary(report);
        Assert.Matches(@"\| 20260101000002_retype_nickname \| expand again \| \d+ ms \| applied again after the abort \|", summary);
    }

    [Fact]
    public async Task An_abort_that_starts_after_a_later_migrations_faulty_rollback_is_not_blamed_for_it()
    {
        var (db, migrator) = await SourceAsync();
        _files.Write("20260101000003", "index_email", """
            -- cutover:up
            CREATE INDEX users_email ON users (email);
            -- cutover:down
            SELECT 1;
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.False(report.Passed);
        Assert.Contains(report.Failures, f => f.StartsWith("rollback drill of ", StringComparison.Ordinal) && f.Contains("users_email", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Failures, f => f.StartsWith("abort of", StringComparison.Ordinal));
        var ops = report.Migrations.Single(m => m.Id == "20260101000002").Operations!;
        Assert.Null(ops.AbortRestoredSchema);
        Assert.StartsWith("not judged: a later migration's rollback", ops.Phases.Single(p => p.Name == "abort").Outcome, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteOperationRehearsalTests : OperationRehearsalSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}

public sealed class PostgresOperationRehearsalTests : OperationRehearsalSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
