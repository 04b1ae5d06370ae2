using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>
/// Behaviour docs/backfill.md promises that had no test of its own: <c>{batch:alias}</c>, the <c>logEvery</c>
/// summaries, and a C# backfill whose transform throws. Written once for both providers; each test has its own database.
/// </summary>
public abstract class BackfillDocumentedBehaviourSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>How the checkpoint and the log name a table the directive wrote unqualified: as the catalog resolved it.</summary>
    private protected virtual string Shown(string table) => table;

    /// <summary>A derived table of the numbers 1 to <paramref name="n"/> in column x, for INSERT … SELECT.</summary>
    private static string Series(int n) =>
        $"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) SELECT x FROM c) s";

    private Migrator NewMigrator(string db, BackfillOptions? backfill = null, IReadOnlyList<CodeBackfill>? codes = null) =>
        new(new CutoverOptions
        {
            ConnectionString = db, MigrationsFolder = Files.Folder,
            Backfill = backfill ?? new BackfillOptions(), Backfills = codes ?? [],
        }, Provider);

    private async Task<object?> ScalarAsync(string db, string sql)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<long> CountAsync(string db, string sql) => Convert.ToInt64(await ScalarAsync(db, sql));

    private async Task<BackfillStatus> CheckpointAsync(string db) => Assert.Single(await NewMigrator(db).BackfillStatusAsync());

    /// <summary>The backfill entries of the audit log, oldest first.</summary>
    private async Task<List<(string Outcome, string? Detail)>> BackfillLogAsync(string db)
    {
        var entries = new List<(string, string?)>();
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome, detail FROM cutover_log WHERE action = 'backfill' ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            entries.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return entries;
    }

    [Fact]
    public async Task An_update_joining_another_table_qualifies_the_key_with_batch_alias_and_walks_every_row_once()
    {
        var db = await NewDatabaseAsync();
        // Both tables have an id: an unqualified key range would be ambiguous, {batch:t} names the backfilled table's.
        Files.Write("20260101000001", "prices", $"""
            -- cutover:up
            CREATE TABLE prices (id integer PRIMARY KEY, amount integer NOT NULL);
            INSERT INTO prices (id, amount) SELECT x, x * 10 FROM {Series(100)};
            CREATE TABLE k (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0);
            INSERT INTO k (id) SELECT x FROM {Series(100)};
            -- cutover:backfill k batch=7
            UPDATE k AS t SET v = t.v + p.amount FROM prices AS p WHERE p.id = t.id AND {"{batch:t}"};
            -- cutover:down
            DROP TABLE k;
            DROP TABLE prices;
            """);

        await NewMigrator(db).UpAsync();

        // v accumulates: a row walked twice would hold twice its amount, a row missed 0.
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = id * 10"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 100L, 100L, 15L), (done.State, done.RowsDone, done.RowsChanged, done.Batches));
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task An_insert_select_from_an_aliased_join_qualifies_the_key_with_batch_alias_and_copies_every_row_once()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "copy", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, name text NOT NULL);
            INSERT INTO k (id, name) SELECT x, 'n' || x FROM {Series(100)};
            CREATE TABLE tags (id integer PRIMARY KEY, k_id integer NOT NULL, label text NOT NULL);
            INSERT INTO tags (id, k_id, label) SELECT x + 1000, x, 'tag' || x FROM {Series(100)};
            CREATE TABLE k_copy (id integer PRIMARY KEY, label text NOT NULL);
            -- cutover:backfill k batch=7
            INSERT INTO k_copy (id, label) SELECT src.id, src.name || ':' || t.label FROM k src JOIN tags t ON t.k_id = src.id WHERE {"{batch:src}"};
            -- cutover:down
            DROP TABLE k_copy;
            DROP TABLE tags;
            DROP TABLE k;
            """);

        await NewMigrator(db).UpAsync();

        // k_copy's primary key would refuse a row copied twice; the sum of ids says none is missing.
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k_copy"));
        Assert.Equal(5050, await CountAsync(db, "SELECT sum(id) FROM k_copy"));
        Assert.Equal("n42:tag42", await ScalarAsync(db, "SELECT label FROM k_copy WHERE id = 42"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 100L, 100L, 15L), (done.State, done.RowsDone, done.RowsChanged, done.Batches));
    }

    [Theory]
    [InlineData(100, 6, 4)]   // 17 batches: summaries after batches 4, 8, 12 and 16
    [InlineData(100, 10, 5)]  // 10 batches: summaries after 5 and 10, then done
    [InlineData(100, 7, 100)] // 15 batches, fewer than logEvery: no summary
    public async Task LogEvery_writes_started_then_one_summary_per_logEvery_batches_then_done(int rows, int batch, int logEvery)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(rows)};
            -- cutover:backfill k batch={batch}
            UPDATE k SET v = 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE k;
            """);
        var batches = (rows + batch - 1) / batch;

        await NewMigrator(db, new BackfillOptions { LogEvery = logEvery }).UpAsync();

        var log = await BackfillLogAsync(db);
        Assert.Equal(["started", .. Enumerable.Repeat("progress", batches / logEvery), "done"], log.Select(e => e.Outcome));
        Assert.Equal(batches, (await CheckpointAsync(db)).Batches);
        Assert.StartsWith($"20260101000001/2: {Shown("k")} done: {rows} rows ({rows} changed) in {batches} batches, ", log[^1].Detail, StringComparison.Ordinal);
        Assert.EndsWith($" ms, up to {rows}", log[^1].Detail, StringComparison.Ordinal);
        if (batches / logEvery >= 2)
        {
            // The second summary covers batches logEvery+1 … 2·logEvery: its rows, the key reached, the batch size.
            var (from, to) = (logEvery + 1, 2 * logEvery);
            var covered = logEvery * batch;
            Assert.Equal(
                $"20260101000001/2: batches {from}–{to} of {Shown("k")}, {covered} rows ({covered} changed), up to {to * batch}; {to * batch} rows in {to} batches so far, batch size now {batch}",
                log[2].Detail);
        }
    }

    [Fact]
    public async Task An_exception_in_a_code_transform_rolls_its_batch_back_fails_the_backfill_naming_the_batch_and_a_rerun_resumes_at_that_batch()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "scores", $"""
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, score text);
            INSERT INTO users (id, score) SELECT x, 's' || x FROM {Series(500)};
            -- cutover:backfill users code=UpperScores batch=100
            -- cutover:up
            CREATE INDEX users_score ON users (score);
            -- cutover:down
            DROP TABLE users;
            """);
        var code = new UpperScores { FailAtKey = 250 };

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, codes: [code]).UpAsync());

        // Exit 1, the file and line of the step, the batch and its key range, and the transform's own message.
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:4: backfill of {Shown("users")} batch 3 (\"id\" > 200 AND \"id\" <= 300) failed: score of user 250 cannot be read", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("nothing of this batch was applied and earlier batches stay done", error.Hint, StringComparison.Ordinal);
        // The transform had already set rows 201…249 when it threw: none of them is written.
        Assert.Equal(200, await CountAsync(db, "SELECT count(*) FROM users WHERE score = 'S' || id"));
        Assert.Equal(200, await CountAsync(db, "SELECT count(*) FROM users WHERE score = 'S' || id AND id <= 200"));
        var failed = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Failed, 200L, 2L, "200"), (failed.State, failed.RowsDone, failed.Batches, failed.PositionText));
        Assert.StartsWith("batch 3 (\"id\" > 200 AND \"id\" <= 300) failed: score of user 250 cannot be read", failed.Error, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
        var log = await BackfillLogAsync(db);
        Assert.Equal(["started", "failed"], log.Select(e => e.Outcome));
        Assert.StartsWith("20260101000001/2: batch 3 (\"id\" > 200 AND \"id\" <= 300) failed: ", log[1].Detail, StringComparison.Ordinal);

        code.FailAtKey = null;
        code.Seen.Clear();
        await NewMigrator(db, codes: [code]).UpAsync();

        // The rerun starts at the failed batch: rows 1…200 are not handed to the transform again.
        Assert.Equal(201L, code.Seen.Min());
        Assert.Equal(300, code.Seen.Count);
        Assert.Equal(500, await CountAsync(db, "SELECT count(*) FROM users WHERE score = 'S' || id"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 500L, 500L, 5L), (done.State, done.RowsDone, done.RowsChanged, done.Batches));
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task A_background_runner_leaves_a_backfill_whose_transform_throws_failed_until_it_is_resumed()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "scores", $"""
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, score text);
            INSERT INTO users (id, score) SELECT x, 's' || x FROM {Series(500)};
            -- cutover:backfill users code=UpperScores batch=100
            -- cutover:up
            CREATE INDEX users_score ON users (score);
            -- cutover:down
            DROP TABLE users;
            """);
        var code = new UpperScores { FailAtKey = 250 };
        var migrator = NewMigrator(db, codes: [code]);
        await migrator.UpAsync(new UpOptions { DeferBackfills = true });

        // The worker reports the failure and returns; it does not throw, and it does not retry on its own.
        var failed = Assert.Single(await RunWorkerOnceAsync(migrator));
        Assert.Equal((BackfillStates.Failed, 200L), (failed.State, failed.RowsDone));
        Assert.StartsWith("batch 3 (\"id\" > 200 AND \"id\" <= 300) failed: score of user 250 cannot be read", failed.Error, StringComparison.Ordinal);
        code.FailAtKey = null;
        Assert.Empty(await RunWorkerOnceAsync(migrator));
        Assert.Equal(BackfillStates.Failed, (await CheckpointAsync(db)).State);
        Assert.Equal(MigrationState.Backfilling, (await migrator.StatusAsync()).Migrations.Single().State);

        await migrator.ResumeBackfillAsync("20260101000001");
        var done = Assert.Single(await RunWorkerOnceAsync(migrator));

        Assert.Equal((BackfillStates.Done, 500L, 5L), (done.State, done.RowsDone, done.Batches));
        Assert.Equal(500, await CountAsync(db, "SELECT count(*) FROM users WHERE score = 'S' || id"));
        Assert.Equal(MigrationState.Applied, (await migrator.StatusAsync()).Migrations.Single().State);
    }

    /// <summary>One pass of the background runner, cancelled if it has not returned within 30 s (a runner that retries a failed backfill by itself never would).</summary>
    private static async Task<IReadOnlyList<BackfillStatus>> RunWorkerOnceAsync(Migrator migrator)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await migrator.RunBackfillsAsync(once: true, cancellationToken: limit.Token);
    }

    /// <summary>Upper-cases each score; throws on <see cref="FailAtKey"/> after setting the rows before it in its batch.</summary>
    private sealed class UpperScores : CodeBackfill
    {
        public long? FailAtKey { get; set; }

        public List<long> Seen { get; } = [];

        public override string Name => "UpperScores";

        public override IReadOnlyList<string> Columns { get; } = ["score"];

        public override ValueTask TransformAsync(IReadOnlyList<BackfillRow> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows)
            {
                var id = Convert.ToInt64(row.Key[0]);
                if (id == FailAtKey)
                    throw new InvalidOperationException($"score of user {id} cannot be read");
                Seen.Add(id);
                row.Set("score", ((string)row["score"]!).ToUpperInvariant());
            }
            return ValueTask.CompletedTask;
        }
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
