using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>
/// How an auto-sized backfill reacts to what its batches measure: the duration target, a commit the disk made slow, waits
/// for others' locks, and (SQLite) other connections writing. Each case feeds a sequence of batches and reads the pace.
/// </summary>
public sealed class BatchPacerTests
{
    private static readonly BackfillOptions Options = new() { MinBatch = 100, MaxBatch = 10_000, InitialBatch = 1000 };

    // PostgreSQL's shape: 200 ms batches back to back, writers queue on rows (no yield pace).
    private static readonly BackfillPacing RowLocks = new(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));

    // SQLite's shape: long batches with a small gap alone; short batches and a gap a polling writer finds while others write.
    private static readonly BackfillPacing OneWriter = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(5),
        TimeSpan.FromMilliseconds(15), TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(1));

    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(50);

    private static BatchSignals Batch(int size, double batchMs, double commitMs = 2, double lockWaitMs = 0, bool othersWrote = false, long? keys = null) =>
        new(size, keys ?? size, batchMs, commitMs, lockWaitMs, othersWrote);

    [Fact]
    public void The_first_batches_far_under_the_target_grow_fourfold_until_one_takes_half_the_target_then_by_half()
    {
        var pacer = new BatchPacer(Options with { MaxBatch = 1_000_000 }, RowLocks, null);
        var sizes = new List<int>();
        var size = 1000;
        // 1,000 keys take 2 ms: the target (200 ms) holds 100,000.
        for (var i = 0; i < 5; i++)
            sizes.Add(size = pacer.Next(Batch(size, size / 500.0), Gap).NextSize);
        Assert.Equal([4000, 16_000, 64_000, 96_000, 100_000], sizes);   // 64,000 took 128 ms: warmed up, by half from there
        // Warmed up: a batch that is twice as fast again grows by half only.
        Assert.Equal(150_000, pacer.Next(Batch(100_000, 100), Gap).NextSize);
    }

    [Theory]
    [InlineData(1000, 1000, 100, 1500)]   // twice as fast as the target: grows, but by half at most
    [InlineData(1000, 1000, 160, 1250)]   // a little fast: moves all the way to the estimate
    [InlineData(1000, 1000, 800, 500)]    // four times too slow: shrinks by half at most
    [InlineData(9000, 9000, 10, 10_000)]  // never above the maximum
    [InlineData(150, 150, 5000, 100)]     // never below the minimum
    [InlineData(1000, 300, 10, 1000)]     // the table's last, short batch says nothing
    public void Auto_moves_gradually_toward_the_target_duration_within_bounds(int current, long keys, long elapsedMs, int next)
    {
        var pace = new BatchPacer(Options, RowLocks, null).Next(Batch(current, elapsedMs, keys: keys), Gap);

        Assert.Equal(next, pace.NextSize);
        Assert.Equal(TimeSpan.Zero, pace.Pause);
        Assert.Null(pace.Reason);
    }

    [Fact]
    public void A_fixed_batch_never_changes_whatever_it_measures()
    {
        var pacer = new BatchPacer(Options, RowLocks, 250);

        Assert.Equal(250, pacer.First);
        Assert.Equal(250, pacer.Next(Batch(250, 5000), Gap).NextSize);
        Assert.Equal(250, pacer.Next(Batch(250, 5000, commitMs: 900, lockWaitMs: 900), Gap).NextSize);
    }

    [Fact]
    public void A_commit_the_disk_made_slow_halves_the_batch_and_pauses_as_long_then_the_pace_grows_back()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);
        // Steady: 4000 keys in 190 ms, commits of 6-8 ms.
        foreach (var commit in new[] { 6.0, 8, 7, 6 })
            Assert.Equal(4000, pacer.Next(Batch(4000, 200, commit), Gap).NextSize);

        // The kernel writes back what the backfill dirtied: the commit waits 420 ms, as every writer's does now.
        var stalled = pacer.Next(Batch(4000, 610, commitMs: 420), Gap);
        Assert.Equal(2000, stalled.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(420), stalled.Pause);
        Assert.Contains("commit took 420 ms", stalled.Reason, StringComparison.Ordinal);

        // Still behind: the stall did not become the usual commit, so the next slow one is slow too.
        var still = pacer.Next(Batch(2000, 300, commitMs: 260), Gap);
        Assert.Equal(1000, still.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(260), still.Pause);

        // Caught up: commits are usual again, no pause, and the size grows back by half per batch toward the target.
        var sizes = new List<int>();
        var size = 1000;
        for (var i = 0; i < 4; i++)
        {
            var pace = pacer.Next(Batch(size, size / 20.0, commitMs: 7), Gap);
            Assert.Null(pace.Reason);
            Assert.Equal(TimeSpan.Zero, pace.Pause);
            sizes.Add(size = pace.NextSize);
        }
        Assert.Equal([1500, 2250, 3375, 4000], sizes);
    }

    [Fact]
    public void A_commit_slower_than_usual_but_short_is_not_a_stall()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);
        pacer.Next(Batch(4000, 200, commitMs: 1), Gap);

        // 15 ms is fifteen times the usual 1 ms, but under SlowCommit (20 ms): a disk that is merely busy.
        var pace = pacer.Next(Batch(4000, 200, commitMs: 15), Gap);
        Assert.Null(pace.Reason);
        Assert.Equal(4000, pace.NextSize);
    }

    [Fact]
    public void A_pause_for_a_stall_is_bounded()
    {
        var pacer = new BatchPacer(Options with { MaxPacingPause = TimeSpan.FromSeconds(1) }, RowLocks, null);
        pacer.Next(Batch(4000, 200, commitMs: 5), Gap);

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Next(Batch(4000, 9000, commitMs: 8000), Gap).Pause);
    }

    [Fact]
    public void Waiting_for_others_locks_halves_the_next_batch()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);

        var pace = pacer.Next(Batch(4000, 150, lockWaitMs: 120), Gap);
        Assert.Equal(2000, pace.NextSize);
        Assert.Contains("waited 120 ms for locks", pace.Reason, StringComparison.Ordinal);
        // A short wait (under LockWaitToShrink) is not a reason.
        Assert.Null(pacer.Next(Batch(2000, 150, lockWaitMs: 10), Gap).Reason);
    }

    [Fact]
    public void While_others_write_batches_drop_to_the_yield_pace_at_once_and_return_after_the_hold()
    {
        var pacer = new BatchPacer(Options, OneWriter, null);
        // Nobody else writes: 100 ms batches, a 5 ms gap.
        var alone = pacer.Next(Batch(8000, 100), Gap);
        Assert.Equal(8000, alone.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), alone.Pause);
        Assert.False(pacer.Yielding);

        // A writer committed in the last gap: straight to a 15 ms batch (not halving step by step), and a 15 ms gap. Sized on
        // its work: the 15 ms less the 2 ms commit, for the 98 ms the 8,000 keys took without it.
        var yielding = pacer.Next(Batch(8000, 100, othersWrote: true), Gap);
        Assert.True(pacer.Yielding);
        Assert.Equal(8000 * 13 / 98, yielding.NextSize);
        Assert.Equal(TimeSpan.FromMilliseconds(15), yielding.Pause);

        // The writer goes quiet; within the hold (1 s) the pace stays short…
        for (var i = 0; i < 5; i++)
            Assert.Equal(TimeSpan.FromMilliseconds(15), pacer.Next(Batch(1200, 15), TimeSpan.FromMilliseconds(100)).Pause);
        // …and after it, the gap is the small one again and batches grow back by half per batch.
        var back = pacer.Next(Batch(1200, 15), TimeSpan.FromMilliseconds(600));
        Assert.False(pacer.Yielding);
        Assert.Equal(TimeSpan.FromMilliseconds(5), back.Pause);
        Assert.Equal(1800, back.NextSize);
    }

    [Fact]
    public void While_others_write_a_batch_whose_commit_takes_the_whole_target_is_sized_on_its_work_not_shrunk_to_the_minimum()
    {
        var pacer = new BatchPacer(Options, OneWriter, null);
        pacer.Next(Batch(8000, 100, othersWrote: true), Gap);

        // 4,000 keys: 2 ms of work, then a 19 ms commit waiting on the writer's sync (not slow enough to count as a stall). Its
        // work gets half the target (7.5 ms), so the size grows (by half at most), where sizing on the 21 ms whole shrank it.
        var pace = pacer.Next(Batch(4000, 21, commitMs: 19), Gap);
        Assert.True(pacer.Yielding);
        Assert.Equal(6000, pace.NextSize);

        // Work that overruns what the commit leaves shrinks it: 14,000 keys in 40 ms of work plus a 5 ms commit aim at 10 ms of work.
        Assert.Equal(3500, pacer.Next(Batch(14_000, 45, commitMs: 5), Gap).NextSize);
    }

    [Fact]
    public void Without_a_writer_probe_other_writes_change_nothing()
    {
        var pacer = new BatchPacer(Options, RowLocks, null);

        var pace = pacer.Next(Batch(4000, 200, othersWrote: true), Gap);
        Assert.False(pacer.Yielding);
        Assert.Equal(4000, pace.NextSize);
        Assert.Equal(TimeSpan.Zero, pace.Pause);
    }
}
