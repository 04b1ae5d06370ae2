using Cutover.Backfill;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cutover.Tests.Backfill;

/// <summary>
/// docs/backfill.md, "The server's WAL (PostgreSQL)": after each batch the runner reads the server's WAL and checkpoint
/// counters; a checkpoint started before its time halves the next batch and pauses, syncs are timed where the server times
/// them, and counters the user may not read leave the backfill pacing on its own commits, with one warning.
/// </summary>
public sealed class PostgresBackfillWalTests : IDisposable
{
    private const string CheckpointReason = "the server started a checkpoint before its time";
    private readonly MigrationsFolder _files = new();

    [Theory]
    [InlineData(1000, true)]
    [InlineData(0, false)]   // the documented way to turn the reaction off: the same checkpoint changes nothing
    public async Task A_checkpoint_during_a_batch_halves_the_next_and_pauses_it(int checkpointPauseMs, bool reacts)
    {
        // A server of its own: the checkpoint count is the server's, and on the shared one other tests' checkpoints count too.
        await using var server = await PostgresPrivateServer.StartAsync();
        var db = await server.CreateDatabaseAsync();
        await CreateTableAsync(db, rows: 20_000);
        var logger = new RecordingLogger<Migrator>();
        var options = Options() with { CheckpointPause = TimeSpan.FromMilliseconds(checkpointPauseMs) };
        // Run synchronously by the runner after its third batch, before it reads the counters: that batch's reading sees the
        // checkpoint once the checkpointer has counted it (it adds its counts when the checkpoint ends: waited for here).
        var progress = new AfterBatch(3, () =>
        {
            using var admin = new NpgsqlConnection(db);
            admin.Open();
            long Requested() => (long)new NpgsqlCommand("SELECT checkpoints_req FROM pg_stat_bgwriter", admin).ExecuteScalar()!;
            var before = Requested();
            new NpgsqlCommand("CHECKPOINT", admin).ExecuteNonQuery();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Requested() == before)
            {
                Assert.True(DateTime.UtcNow < deadline, "the checkpointer never counted the CHECKPOINT");
                Thread.Sleep(20);
            }
        });

        await NewMigrator(db, options, logger).UpAsync(new UpOptions { Progress = progress });

        Assert.True(progress.Ran);
        var paced = logger.Entries.Where(e => e.Message.Contains(CheckpointReason, StringComparison.Ordinal)).Select(e => e.Message).ToList();
        if (reacts)
        {
            // The batch after the checkpoint is half the one before it, and waits the configured pause first.
            var line = Assert.Single(paced);
            Assert.Matches(@"MB of WAL since the last batch; WAL reached max_wal_size\)", line);
            Assert.EndsWith("next batch 500 keys after 1000 ms", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(paced);
        }
        // Every batch's signals carried the server's WAL growth, and the backfill finished.
        var measured = logger.Entries.Where(e => e.Message.Contains(" batch measured: ", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.NotEmpty(measured);
        Assert.All(measured, m => Assert.Matches(@"server WAL [1-9]\d* bytes", m));
        Assert.Equal(20_000L, await ScalarAsync(db, "SELECT count(*) FROM k WHERE v = id * 2"));
    }

    [Fact]
    public async Task Wal_syncs_are_timed_on_a_server_that_times_them()
    {
        // The durable server syncs every commit; this session asks the server to time its WAL I/O (a superuser setting).
        var db = await PostgresServer.CreateDurableDatabaseAsync();
        await CreateTableAsync(db, rows: 5000);
        var timed = new NpgsqlConnectionStringBuilder(db) { Options = "-c track_wal_io_timing=on" }.ConnectionString;
        var logger = new RecordingLogger<Migrator>();

        // 50 batches of 100 keys, each committed and synced, 30 ms apart: longer than the second within which every process
        // adds its counts to the server's.
        var small = Options() with { InitialBatch = 100, MaxBatch = 100, Pause = TimeSpan.FromMilliseconds(30) };
        await NewMigrator(timed, small, logger).UpAsync();

        var measured = logger.Entries.Where(e => e.Message.Contains(" batch measured: ", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains(measured, m => System.Text.RegularExpressions.Regex.IsMatch(m, @"WAL sync \d+(\.\d+)? ms"));

        // Untimed (the default), the same server's syncs are counted but their time is unknown: no average is made up.
        var untimed = await PostgresServer.CreateDurableDatabaseAsync();
        await CreateTableAsync(untimed, rows: 5000);
        var plain = new RecordingLogger<Migrator>();
        await NewMigrator(untimed, small, plain).UpAsync();
        Assert.All(plain.Entries.Where(e => e.Message.Contains(" batch measured: ", StringComparison.Ordinal)), e => Assert.Contains("WAL sync  ms", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counters_the_user_may_not_read_leave_one_warning_and_the_backfill_finishes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using (var grant = new NpgsqlConnection(db))
        {
            await grant.OpenAsync();
            // A hardened database: the statistics views are not for everyone (a view's privileges are per database).
            await using var command = new NpgsqlCommand($"""
                REVOKE SELECT ON pg_catalog.pg_stat_wal FROM PUBLIC;
                GRANT ALL ON SCHEMA public TO {PostgresServer.PasswordUser}; GRANT CREATE ON DATABASE "{grant.Database}" TO {PostgresServer.PasswordUser};
                """, grant);
            await command.ExecuteNonQueryAsync();
        }
        var user = new NpgsqlConnectionStringBuilder(db) { Username = PostgresServer.PasswordUser, Password = PostgresServer.Password }.ConnectionString;
        await CreateTableAsync(user, rows: 3000);
        var logger = new RecordingLogger<Migrator>();

        await NewMigrator(user, Options(), logger).UpAsync();

        var warning = Assert.Single(logger.Warnings, w => w.Contains("WAL counters", StringComparison.Ordinal));
        Assert.Equal("Backfill 20260101000002/1 paces on its own commits only: the server's WAL counters could not be read (42501: permission denied for view pg_stat_wal)", warning);
        Assert.Equal(3000L, await ScalarAsync(db, "SELECT count(*) FROM k WHERE v = id * 2"));
    }

    // Small batches against a short target, so a few thousand rows make dozens of batches.
    private static BackfillOptions Options() => new()
    {
        InitialBatch = 1000, MinBatch = 100, MaxBatch = 1000, TargetBatchDuration = TimeSpan.FromSeconds(5),
    };

    private async Task CreateTableAsync(string db, int rows)
    {
        _files.Write("20260101000001", "table", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM generate_series(1, {rows}) x;
            -- cutover:down
            DROP TABLE k;
            """);
        await NewMigrator(db, new BackfillOptions()).UpAsync(new UpOptions { To = "20260101000001" });
        _files.Write("20260101000002", "backfill", """
            -- cutover:backfill k batch=auto
            UPDATE k SET v = id * 2 WHERE {batch};
            """);
    }

    private static async Task<object?> ScalarAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private Migrator NewMigrator(string db, BackfillOptions backfill, ILogger<Migrator>? logger = null) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder, Backfill = backfill }, new PostgresProvider(), logger);

    /// <summary>Runs an action on the runner's own thread when it reports batch <c>batch</c> done, once.</summary>
    private sealed class AfterBatch(long batch, Action action) : IProgress<RunEvent>
    {
        public bool Ran { get; private set; }

        public void Report(RunEvent value)
        {
            if (value is BackfillBatch { Status.Batches: var done } && done == batch && !Ran)
            {
                Ran = true;
                action();
            }
        }
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
