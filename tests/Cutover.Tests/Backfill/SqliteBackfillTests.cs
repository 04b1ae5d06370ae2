using Cutover.Backfill;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Backfill;

public sealed partial class SqliteBackfillTests : BackfillSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override TimeSpan WriterWaitBound => TimeSpan.FromMilliseconds(100);

    // Enough rows that batches paced for throughput alone reach their 100 ms target: a writer then waits for them.
    private protected override int WriterWaitRows => 1_000_000;

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    private protected override (string Type, string New) Uuid => ("text", "lower(hex(randomblob(16)))");

    [Fact]
    public async Task Several_workers_on_a_sql_backfill_run_as_one_since_sqlite_writes_one_transaction_at_a_time()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(500)};
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {"{batch}"};
            """);
        var logger = new RecordingLogger<Migrator>();

        await NewMigrator(db, new BackfillOptions { Workers = 4 }, logger: logger).UpAsync();

        Assert.Equal("Backfill 20260101000001/2 runs with one worker, not 4: sqlite writes one transaction at a time", Assert.Single(logger.Warnings));
        Assert.Equal(500, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 10L, 0), (done.State, done.Batches, done.Ranges.Count));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_backfill_range"));
    }

    [Fact]
    public async Task Without_a_configured_pause_each_batch_is_followed_by_sqlites_own_so_that_waiting_writers_get_in()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(1000)};
            -- cutover:backfill k batch=100
            UPDATE k SET v = 1 WHERE {"{batch}"};
            """);

        await NewMigrator(db).UpAsync();

        // Ten batches of a hundred rows take a few milliseconds; the pauses after the first nine take 45 at least.
        var done = await CheckpointAsync(db);
        Assert.Equal(10L, done.Batches);
        Assert.True(done.ElapsedMs >= 9 * Provider.Semantics.BackfillPause.TotalMilliseconds, $"{done.ElapsedMs} ms for {done.Batches} batches");
        Assert.Equal(TimeSpan.FromMilliseconds(5), Provider.Semantics.BackfillPause);
    }

    [Fact]
    public async Task A_table_without_a_primary_key_is_walked_by_rowid()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (name text, v integer);
            INSERT INTO k (name) SELECT 'n' || x FROM {Series(100)};
            -- cutover:backfill k batch=7
            UPDATE k SET v = 1 WHERE {"{batch}"};
            """);

        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal(("rowid (the table has no primary key)", 100L, 15L), (done.KeyDescription, done.RowsDone, done.Batches));
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Fact]
    public async Task A_table_name_matches_whatever_its_case_as_sqlite_compares_names()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE "MixedCase" (id integer PRIMARY KEY, v integer);
            INSERT INTO "MixedCase" (id) SELECT x FROM {Series(10)};
            -- cutover:backfill mixedcase batch=3
            UPDATE MixedCase SET v = 1 WHERE {"{batch}"};
            """);

        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal(("\"MixedCase\"", BackfillStates.Done, 10L), (done.Table, done.State, done.RowsDone));
    }
}
