using Cutover.Backfill;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>Issue 12 items 7 and 8: a backfill stopped under `up`, or rolled back under a worker, leaves no dead end.</summary>
public abstract partial class BackfillSpecification
{
    private string WriteSlowBackfill() => Files.Write("20260101000001", "roles", $"""
        -- cutover:up
        CREATE TABLE users (id integer PRIMARY KEY, role text);
        INSERT INTO users (id) SELECT x FROM {Series(200)};
        -- cutover:backfill users batch=5
        UPDATE users SET role = 'member' WHERE {"{batch}"};
        -- cutover:up
        CREATE INDEX users_role ON users (role);
        -- cutover:down
        DROP INDEX IF EXISTS users_role;
        DROP TABLE users;
        """);

    /// <summary>Runs `up` and cancels it (as Ctrl+C does) right after the backfill's second batch commits.</summary>
    private async Task InterruptUpAfterTwoBatchesAsync(string db)
    {
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<RunEvent>(e =>
        {
            if (e is BackfillBatch { Status.Batches: >= 2 })
                stop.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewMigrator(db).UpAsync(new UpOptions { Progress = progress }, stop.Token));
        // It really stopped mid-backfill: some batches done, not all.
        var checkpoint = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Running, 2L), (checkpoint.State, checkpoint.Batches));
        Assert.Equal(MigrationState.Interrupted, Assert.Single((await NewMigrator(db).StatusAsync()).Migrations).State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_up_interrupted_mid_backfill_then_cancelled_or_not_can_be_rolled_back_and_the_schema_is_back(bool cancel)
    {
        var db = await NewDatabaseAsync();
        var before = await NewMigrator(db).ReadSchemaAsync();
        WriteSlowBackfill();
        await InterruptUpAfterTwoBatchesAsync(db);
        if (cancel)
            Assert.Equal(BackfillStates.Cancelled, (await NewMigrator(db).CancelBackfillAsync("20260101000001")).State);

        var down = await NewMigrator(db).DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(Direction.Down, Assert.Single(down.Migrations).Direction);
        Assert.Equal(MigrationState.Pending, Assert.Single(down.Status.Migrations).State);
        Assert.Empty(await NewMigrator(db).BackfillStatusAsync());
        Assert.Empty(SchemaDiff.Compare(before, await NewMigrator(db).ReadSchemaAsync()));
    }

    [Fact]
    public async Task A_migration_rolled_back_under_a_worker_ends_the_worker_cleanly_with_nothing_to_show_for_it()
    {
        var db = await NewDatabaseAsync();
        WriteSlowBackfill();
        await NewMigrator(db).UpAsync(new UpOptions { DeferBackfills = true });
        var rolledBack = false;
        var progress = new SynchronousProgress<RunEvent>(e =>
        {
            // Between two batches (the first one committed), someone rolls the migration back.
            if (e is BackfillBatch { Status.Batches: 1 } && !rolledBack)
            {
                NewMigrator(db).DownAsync(new DownOptions { AcceptDataLoss = true }).GetAwaiter().GetResult();
                rolledBack = true;
            }
        });

        var handled = await NewMigrator(db).RunBackfillsAsync(once: true, progress);

        Assert.True(rolledBack);
        Assert.Empty(handled);
        Assert.Empty(await NewMigrator(db).BackfillStatusAsync());
        Assert.Equal(MigrationState.Pending, Assert.Single((await NewMigrator(db).StatusAsync()).Migrations).State);
    }
}
