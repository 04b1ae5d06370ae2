using Cutover.Backfill;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Backfill;

public abstract partial class BackfillSpecification
{
    [Fact]
    public async Task A_backfill_that_cannot_be_cut_runs_with_one_worker_and_a_warning_says_why()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(300)};
            -- cutover:backfill k code=SetOne batch=40
            """);
        var logger = new RecordingLogger<Migrator>();

        await NewMigrator(db, new BackfillOptions { Workers = 2 }, [new SetV()], logger).UpAsync();

        // A C# transform is not assumed safe to call concurrently; SQLite says so first: it has one writer at a time.
        var why = Provider is IBackfillKeySplitter ? "C# backfill SetOne is not assumed safe to run concurrently" : $"{Provider.Name} writes one transaction at a time";
        Assert.Equal($"Backfill 20260101000001/2 runs with one worker, not 2: {why}", Assert.Single(logger.Warnings));
        Assert.Equal(300, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 300L, 0), (done.State, done.RowsDone, done.Ranges.Count));
    }
}
