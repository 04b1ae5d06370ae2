using System.Diagnostics;
using Cutover.ExampleProvider;
using Cutover.Running;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Specification;

/// <summary>
/// The whole conformance suite against tests/Cutover.ExampleProvider: a provider written from the engine's public API
/// alone (see <see cref="PublicApi.ExampleProviderTests"/> for the proof that it is), on SQLite but unlike the shipped
/// one where that one made a choice: <c>example:</c> connection strings, a lock row instead of a lock file, STRICT
/// history tables, no optional capability.
/// </summary>
public sealed class ExampleProviderMigratorTests : MigratorSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new ExampleSqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(ExampleSqliteProvider.Prefix + SqliteFiles.NewPath());

    // The same engine as SqliteMigratorTests, so the same ways to keep it busy: SQLite cannot sleep, it counts.
    private protected override string SlowStatement =>
        "CREATE TABLE slow AS SELECT count(*) AS n FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT x FROM c)";

    private protected override string PauseStatement =>
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000) SELECT x FROM c)";

    private protected override async Task WaitUntilSlowStatementRunsAsync(string connection)
    {
        // Only the slow statement holds the rollback journal for a quarter of a second and more.
        var journal = ExampleSqliteProvider.FileOf(connection) + "-journal";
        await WaitUntilAsync(async () =>
        {
            for (var held = Stopwatch.StartNew(); held.ElapsedMilliseconds < 250; await Task.Delay(10))
            {
                if (!File.Exists(journal))
                    return false;
            }
            return true;
        });
    }

    /// <summary>The cutover tool knows only its own providers: the kill tests run the example's own host.</summary>
    private protected override Process StartRunner(string connection)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cutover.ExampleRunner.dll"));
        info.ArgumentList.Add(Files.Folder);
        info.ArgumentList.Add(connection);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start Cutover.ExampleRunner");
    }

    [Theory]
    [InlineData("example:/tmp/app.db", true)]
    [InlineData("  EXAMPLE:app.db", true)]
    [InlineData("Data Source=app.db", false)]
    [InlineData("Host=localhost;Database=app", false)]
    [InlineData("postgres://db/app", false)]
    public void It_claims_its_own_connection_strings_and_the_shipped_providers_never_do(string connection, bool example)
    {
        Assert.Equal(example, Provider.Accepts(connection));
        if (example)
        {
            Assert.False(new Cutover.Sqlite.SqliteProvider().Accepts(connection));
            Assert.False(new Cutover.Postgres.PostgresProvider().Accepts(connection));
        }
    }

    [Fact]
    public async Task A_lock_row_left_by_a_dead_process_on_this_machine_is_taken_over()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        // What a killed runner leaves: its row, naming a process that no longer exists.
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await dead.WaitForExitAsync();
        await ScalarAsync(db, "CREATE TABLE cutover_example_lock (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, started INTEGER NOT NULL, host TEXT NOT NULL, who TEXT NOT NULL, since TEXT NOT NULL) STRICT");
        await ScalarAsync(db, $"INSERT INTO cutover_example_lock VALUES (1, 'gone', {dead.Id}, 0, '{Environment.MachineName}', 'a killed runner', 'earlier')");

        await NewMigrator(db, lockWait: TimeSpan.FromSeconds(2)).UpAsync();

        Assert.True(await TableExistsAsync(db, "a"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_example_lock"));
    }

    [Fact]
    public async Task A_lock_row_of_another_machine_is_waited_for_and_named()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        await ScalarAsync(db, "CREATE TABLE cutover_example_lock (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, started INTEGER NOT NULL, host TEXT NOT NULL, who TEXT NOT NULL, since TEXT NOT NULL) STRICT");
        await ScalarAsync(db, "INSERT INTO cutover_example_lock VALUES (1, 'elsewhere', 42, 0, 'another-host', 'ops@another-host', 'earlier')");
        var events = new List<RunEvent>();

        var error = await Assert.ThrowsAsync<LockTimeoutException>(() =>
            NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(300)).UpAsync(new UpOptions { Progress = new SynchronousProgress<RunEvent>(events.Add) }));

        Assert.Equal(ExitCode.LockTimeout, error.ExitCode);
        Assert.Contains("pid 42 (ops@another-host)", error.Holder, StringComparison.Ordinal);
        Assert.Contains(events, e => e is WaitingForLock w && w.Message.Contains("ops@another-host", StringComparison.Ordinal));
        Assert.False(await TableExistsAsync(db, "a"));
    }

    [Fact]
    public async Task A_migration_that_leaves_orphans_fails_the_foreign_key_check_before_commit()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "parent_child", """
            -- cutover:up
            CREATE TABLE parent (id integer PRIMARY KEY);
            CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent(id));
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES (10, 1);
            -- cutover:down
            DROP TABLE child;
            DROP TABLE parent;
            """);
        // Foreign keys are off during a migration (so a parent can be rebuilt): the check before commit catches this.
        Files.Write("20260101000002", "orphan", "-- cutover:up\nDELETE FROM parent;\n-- cutover:down\nSELECT 1;\n");
        var migrator = NewMigrator(db);

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.IsType<CommitRefusedException>(error.InnerException);
        Assert.Contains("1 row(s) of child reference missing parent rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM parent"));
        Assert.Equal(MigrationState.Failed, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA foreign_keys"));
    }
}
