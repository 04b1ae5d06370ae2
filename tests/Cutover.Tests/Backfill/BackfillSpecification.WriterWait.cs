using System.Diagnostics;

namespace Cutover.Tests.Backfill;

/// <summary>
/// What the application feels during a backfill: a writer updating random rows on a schedule, its latency counted from
/// each update's scheduled start (so time queued behind the backfill counts), stays within a bound each engine states.
/// </summary>
public abstract partial class BackfillSpecification
{
    /// <summary>
    /// The longest a writer may wait during an auto-paced backfill. SQLite: about one yield-paced batch and the gap a polling
    /// writer needs, with room for a loaded test machine; PostgreSQL: writers wait only on rows of the batch in flight, up to one batch.
    /// </summary>
    private protected abstract TimeSpan WriterWaitBound { get; }

    /// <summary>Rows in the writer-wait test's table: enough for a backfill of many batches.</summary>
    private protected virtual int WriterWaitRows => 300_000;

    [Fact]
    public async Task A_writer_updating_rows_while_an_auto_paced_backfill_runs_waits_within_the_engines_bound()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "items", $"""
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, w integer NOT NULL DEFAULT 0);
            INSERT INTO items (id) SELECT x FROM {Series(WriterWaitRows)};
            """);
        await NewMigrator(db).UpAsync();
        Files.Write("20260101000002", "fill_v", """
            -- cutover:up
            ALTER TABLE items ADD COLUMN v integer;
            -- cutover:backfill items batch=auto
            UPDATE items SET v = id * 2 WHERE {batch};
            """);

        using var stop = new CancellationTokenSource();
        var writer = WriteOnScheduleAsync(db, TimeSpan.FromMilliseconds(20), stop.Token);
        await Task.Delay(300);   // the writer is already there when the backfill starts, as an application would be
        var started = Stopwatch.GetTimestamp();
        await NewMigrator(db).UpAsync();
        var ended = Stopwatch.GetTimestamp();
        await Task.Delay(100);
        await stop.CancelAsync();
        var writes = await writer;

        var during = writes.Where(w => w.Scheduled >= started && w.Scheduled <= ended).Select(w => w.Latency).ToList();
        var done = await CheckpointAsync(db);
        Assert.Equal(WriterWaitRows, done.RowsDone);
        Assert.True(during.Count >= 10, $"only {during.Count} writes overlapped the backfill ({done.Batches} batches, {done.ElapsedMs} ms)");
        var worst = during.Max();
        Assert.True(worst <= WriterWaitBound,
            $"a writer waited {worst.TotalMilliseconds:0} ms (bound {WriterWaitBound.TotalMilliseconds:0} ms); {during.Count} writes during {done.Batches} batches " +
            $"in {done.ElapsedMs} ms; slowest: {string.Join(", ", during.OrderDescending().Take(5).Select(l => $"{l.TotalMilliseconds:0}"))} ms");
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM items WHERE v IS NULL OR v <> id * 2"));
    }

    private sealed record Write(long Scheduled, TimeSpan Latency);

    /// <summary>
    /// Updates a random row every <paramref name="every"/> on a fixed schedule until stopped, on a connection and a thread of
    /// its own: the driver's calls block while SQLite's busy handler sleeps, and on the thread pool that blocking would
    /// starve the backfill's own continuations, measuring the test host instead of the engine.
    /// </summary>
    private Task<List<Write>> WriteOnScheduleAsync(string db, TimeSpan every, CancellationToken stop) =>
        Task.Factory.StartNew(() =>
        {
            var writes = new List<Write>();
            using var connection = Provider.OpenAsync(db, forReading: false, CancellationToken.None).GetAwaiter().GetResult();
            // One write first: opening and the first statement's preparation are not what the test measures.
            using (var warm = connection.CreateCommand())
            {
                warm.CommandText = "UPDATE items SET w = w WHERE id = 1";
                warm.ExecuteNonQuery();
            }
            var random = new Random(17);
            var begin = Stopwatch.GetTimestamp();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var scheduled = begin + (long)(i * every.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
                if (wait > TimeSpan.Zero && stop.WaitHandle.WaitOne(wait))
                    break;
                using var command = connection.CreateCommand();
                command.CommandText = $"UPDATE items SET w = w + 1 WHERE id = {random.Next(1, WriterWaitRows + 1)}";
                command.ExecuteNonQuery();
                writes.Add(new Write(scheduled, Stopwatch.GetElapsedTime(scheduled)));
            }
            return writes;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
