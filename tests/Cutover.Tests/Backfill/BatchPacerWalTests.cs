using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>
/// How an auto-sized PostgreSQL backfill reacts to the server's WAL counters, every session's writes included: WAL syncs far
/// slower than usual, and a checkpoint the server started before its time. Each case feeds batches shaped like PostgreSQL's
/// (200 ms, commits of a few ms) with the counters' growth over each.
/// </summary>
public sealed class BatchPacerWalTests
{
    private static readonly BackfillOptions Options = new() { MinBatch = 100, MaxBatch = 100_000, InitialBatch = 1000 };
    private static readonly BackfillPacing RowLocks = new(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(200);

    // 20,000 keys in 200 ms with a 5 ms commit, and the server's WAL over it: 30 MB, `syncs` syncs taking `syncMs` in all.
    private static BatchSignals Batch(long? syncs = 40, double? syncMs = 80, long checkpoints = 0, double commitMs = 5) =>
        new(20_000, 20_000, 200, commitMs, 0, false, new WalSignals(30L << 20, syncs, syncMs, checkpoints));

    [Fact]
    public void Slow_wal_syncs_of_the_server_halve_the_batch_and_pause_though_its_own_commit_was_quick()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);
        foreach (var _ in Enumerable.Range(0, 4))
            Assert.Null(pacer.Next(Batch(), Gap).Reason);   // 2 ms a sync: usual

        // The application's commits now wait 45 ms a sync on average; this backfill's own commit happened to be quick.
        var slow = pacer.Next(Batch(syncs: 40, syncMs: 1800), Gap);

        Assert.Equal(10_000, slow.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(45), slow.Pause);
        Assert.Contains("WAL syncs took 45 ms on average, usually 2 ms", slow.Reason, StringComparison.Ordinal);

        // The slow average did not become the usual one: the next is slow too. Then syncs recover and the size grows back.
        Assert.Equal(5000, pacer.Next(Batch(syncs: 40, syncMs: 1600) with { Size = 10_000, Keys = 10_000 }, Gap).NextSize);
        var back = pacer.Next(Batch() with { Size = 5000, Keys = 5000, BatchMs = 50 }, Gap);
        Assert.Null(back.Reason);
        Assert.Equal(7500, back.NextSize);
    }

    [Theory]
    [InlineData(null, 1800.0)]   // the server counts syncs but does not time them (track_wal_io_timing off)
    [InlineData(0L, null)]       // no sync between the readings
    [InlineData(40L, 600.0)]     // 15 ms a sync: under the 20 ms a slow one needs, however much above the usual
    public void Untimed_or_merely_slower_syncs_change_nothing(long? syncs, double? syncMs)
    {
        var pacer = new BatchPacer(Options, RowLocks, null);
        pacer.Next(Batch(), Gap);

        var pace = pacer.Next(Batch(syncs: syncs, syncMs: syncMs), Gap);

        Assert.Null(pace.Reason);
        Assert.Equal(20_000, pace.NextSize);
        Assert.Equal(TimeSpan.Zero, pace.Pause);
    }

    [Fact]
    public void A_checkpoint_started_before_its_time_halves_the_batch_and_pauses_then_the_size_grows_back()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);
        pacer.Next(Batch(), Gap);

        var checkpoint = pacer.Next(Batch(checkpoints: 1), Gap);

        Assert.Equal(10_000, checkpoint.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(300), checkpoint.Pause);
        Assert.Contains("checkpoint before its time (30 MB of WAL since the last batch", checkpoint.Reason, StringComparison.Ordinal);
        var next = pacer.Next(Batch() with { Size = 10_000, Keys = 10_000, BatchMs = 100 }, Gap);
        Assert.Null(next.Reason);
        Assert.Equal(15_000, next.NextSize);
    }

    [Fact]
    public void A_checkpoint_pause_of_zero_turns_the_reaction_off()
    {
        var pacer = new BatchPacer(Options with { CheckpointPause = TimeSpan.Zero }, RowLocks, null);
        pacer.Next(Batch(), Gap);

        var pace = pacer.Next(Batch(checkpoints: 2), Gap);

        Assert.Null(pace.Reason);
        Assert.Equal(20_000, pace.NextSize);
    }

    [Fact]
    public void A_counter_that_went_down_was_reset_and_says_nothing()
    {
        var before = new WalCounters(Bytes: 5000, Syncs: 100, SyncMs: 250, CheckpointsRequested: 7);
        var reset = new WalCounters(Bytes: 6000, Syncs: 10, SyncMs: 20, CheckpointsRequested: 7);

        var grew = WalSignals.Between(before, reset);

        Assert.Equal(1000, grew.Bytes);
        Assert.Null(grew.Syncs);
        Assert.Null(grew.MsPerSync);
        Assert.Equal(0, grew.CheckpointsRequested);
        Assert.False(grew.CheckpointRequested);
        Assert.Null(WalSignals.Between(before, before with { Bytes = null }).Bytes);
        Assert.Null(WalSignals.Between(before, before with { Bytes = 10 }).Bytes);
    }
}
