using System.Diagnostics;
using System.Text.RegularExpressions;
using Cutover.Backfill;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>
/// docs/backfill.md, throttling: a replica whose replay lag exceeds backfill.maxReplicationLagSeconds makes the
/// backfill wait, say why in its progress and log it once; it goes on when the replica catches up. Against a real
/// streaming replica this test starts, made to lag by pausing its replay.
/// </summary>
public sealed partial class PostgresReplicaLagThrottleTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [GeneratedRegex(@"^throttled: a replica is \d+\.\d s behind \(limit 1 s\)$")]
    private static partial Regex LagWait();

    [Fact]
    public async Task A_replica_lagging_behind_holds_the_backfill_until_its_replay_resumes()
    {
        await using var pair = await PostgresReplicaPair.StartAsync();
        await PostgresReplicaPair.ScalarAsync(pair.Primary, "CREATE DATABASE app");
        var db = PostgresReplicaPair.On(pair.Primary, "app");
        _files.Write("20260101000001", "table", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM generate_series(1, 200) x;
            -- cutover:down
            DROP TABLE k;
            """);
        await NewMigrator(db, new BackfillOptions()).UpAsync();
        _files.Write("20260101000002", "backfill", """
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {batch};
            """);

        await pair.PauseReplayAsync();
        // The replica still receives WAL and reports where it is; what it has not applied shows as growing replay lag.
        await PostgresReplicaPair.ScalarAsync(db, "CREATE TABLE app_writes (id integer)");
        await WaitUntilAsync(async () => await pair.ReplayLagAsync() > TimeSpan.FromSeconds(1.5));

        var waits = new List<string>();
        var options = new BackfillOptions { MaxReplicationLag = TimeSpan.FromSeconds(1), ThrottleWait = TimeSpan.FromMilliseconds(200) };
        var backfill = Task.Run(() => NewMigrator(db, options).UpAsync(new UpOptions { Progress = new Waits(waits) }));
        await WaitUntilAsync(() => Task.FromResult(Snapshot(waits).Count >= 3 || backfill.IsCompleted));
        await Task.Delay(1000);

        // Held before its first batch, for as long as the replica lags; it says why, and logs it once.
        Assert.False(backfill.IsCompleted);
        var held = Assert.Single(await NewMigrator(db, new BackfillOptions()).BackfillStatusAsync());
        Assert.Equal((0L, 0L), (held.RowsDone, held.Batches));
        Assert.Equal(0L, await PostgresReplicaPair.ScalarAsync(db, "SELECT count(*) FROM k WHERE v IS NOT NULL"));
        Assert.All(Snapshot(waits), w => Assert.Matches(LagWait(), w));
        var throttled = await PostgresReplicaPair.ScalarAsync(db, "SELECT string_agg(detail, ' | ') FROM cutover_log WHERE action = 'backfill' AND outcome = 'throttled'");
        Assert.StartsWith("20260101000002/1: a replica is ", (string)throttled!, StringComparison.Ordinal);
        Assert.DoesNotContain(" | ", (string)throttled!, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        await pair.ResumeReplayAsync();
        await backfill.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(200L, await PostgresReplicaPair.ScalarAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        Assert.Equal(BackfillStates.Done, Assert.Single(await NewMigrator(db, new BackfillOptions()).BackfillStatusAsync()).State);
        Assert.Equal(1L, await PostgresReplicaPair.ScalarAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'backfill' AND outcome = 'throttled'"));
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db, new BackfillOptions()).StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed} after the replica resumed");
        // And the replica, applying again, has the backfill's rows.
        var onReplica = PostgresReplicaPair.On(pair.Replica, "app");
        await WaitUntilAsync(async () => await PostgresReplicaPair.ScalarAsync(onReplica, "SELECT count(*) FROM k WHERE v = 1") is 200L);
    }

    private Migrator NewMigrator(string db, BackfillOptions backfill) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder, Backfill = backfill }, new PostgresProvider());

    private static List<string> Snapshot(List<string> waits)
    {
        lock (waits)
            return [.. waits];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    /// <summary>The backfill's "waiting" texts, as the progress display would show them.</summary>
    private sealed class Waits(List<string> waits) : IProgress<RunEvent>
    {
        public void Report(RunEvent value)
        {
            if (value is BackfillWaiting { Reason: var waiting })
            {
                lock (waits)
                    waits.Add(waiting);
            }
        }
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
