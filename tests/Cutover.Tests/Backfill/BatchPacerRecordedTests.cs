using System.Globalization;
using System.Text.RegularExpressions;
using Cutover.Backfill;
using Cutover.Postgres;
using Cutover.Sqlite;

namespace Cutover.Tests.Backfill;

/// <summary>
/// The pacer's reactions on signal sequences recorded from real backfills (Backfill/Recorded/*.tsv: each file's header says how,
/// when and on what). Each recording is replayed through a <see cref="BatchPacer"/> with the options and the engine's pacing it
/// ran with, one recorded batch after another, the time between two batches being the time between their log lines. The
/// pacer's decisions do not feed back into a replay (the next recorded batch is the size the run chose), so the first test
/// checks the replay is faithful: it chooses the sizes the run chose. A deliberate change of the pacer that changes those sizes
/// makes that test fail: record the files again (or say why a size differs) rather than editing the numbers.
/// </summary>
public sealed partial class BatchPacerRecordedTests
{
    private const string WritebackStall = "postgres-writeback-stall";
    private const string LockWait = "postgres-lock-wait";
    private const string SqliteWriter = "sqlite-writer-then-alone";

    // The recordings ran with the default options.
    private static readonly BackfillOptions Options = new();

    private static BackfillPacing PacingOf(string recording) => recording.StartsWith("sqlite", StringComparison.Ordinal)
        ? Pacing(new SqliteProvider().Semantics, writerProbe: true)     // 100 ms alone with a 5 ms pause; 15 ms / 15 ms while others write
        : Pacing(new PostgresProvider().Semantics, writerProbe: false); // 200 ms, no pause, no yield pace

    // As BackfillRunner builds it when nothing is configured.
    private static BackfillPacing Pacing(Cutover.Sql.SqlSemantics s, bool writerProbe) =>
        new(s.BackfillBatchDuration, s.BackfillPause, writerProbe ? s.BackfillYieldBatchDuration : null, s.BackfillYieldPause, Options.YieldHold);

    private sealed record Recorded(double AtMs, BatchSignals Signals);

    private sealed record Step(int Index, Recorded Batch, BatchPace Pace, bool Yielding)
    {
        public BatchSignals Signals => Batch.Signals;
        public bool SlowCommit => Pace.Reason?.Contains("the disk is behind", StringComparison.Ordinal) == true;
        public bool LockShrink => Pace.Reason?.Contains("for locks held by others", StringComparison.Ordinal) == true;
    }

    private static List<Recorded> Load(string recording)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Backfill", "Recorded", recording + ".tsv");
        var batches = new List<Recorded>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.StartsWith("at_ms", StringComparison.Ordinal) || line.Length == 0)
                continue;
            var f = line.Split('\t');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            batches.Add(new Recorded(D(0), new BatchSignals(int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                D(3), D(4), D(5), bool.Parse(f[6]))));
        }
        return batches;
    }

    private static List<Step> Replay(string recording, BatchPacer? pacer = null)
    {
        var batches = Load(recording);
        pacer ??= new BatchPacer(Options, PacingOf(recording), null);
        var steps = new List<Step>();
        for (var i = 0; i < batches.Count; i++)
        {
            var sinceLast = TimeSpan.FromMilliseconds(i == 0 ? 0 : batches[i].AtMs - batches[i - 1].AtMs);
            var pace = pacer.Next(batches[i].Signals, sinceLast);
            steps.Add(new Step(i, batches[i], pace, pacer.Yielding));
        }
        return steps;
    }

    private static int Half(int size) => Math.Clamp((int)(size * 0.5), Options.MinBatch, Options.MaxBatch);

    /// <summary>The size the duration target alone asks for after <paramref name="s"/>, before the per-batch limits.</summary>
    private static int Ideal(BatchSignals s, TimeSpan target) =>
        Math.Clamp((int)(s.Size * target.TotalMilliseconds / Math.Max(1, s.BatchMs)), Options.MinBatch, Options.MaxBatch);

    [Theory]
    [InlineData(WritebackStall, 218)]
    [InlineData(LockWait, 123)]
    [InlineData(SqliteWriter, 105)]
    public void Replaying_a_recording_chooses_the_sizes_its_run_chose(string recording, int batches)
    {
        var steps = Replay(recording);

        Assert.Equal(batches, steps.Count);
        Assert.Equal(new BatchPacer(Options, PacingOf(recording), null).First, steps[0].Signals.Size);
        // The SQLite recording was made before the yield pace sized batches on their work rather than their whole time
        // (YieldingSize): from the writer's first write on, the replay chooses differently from that run, by design.
        var same = recording == SqliteWriter ? steps.First(s => s.Signals.OthersWrote).Index : steps.Count - 1;
        // Within one key: the files hold times to the microsecond, the run had them to the tick, and a size is truncated.
        for (var i = 0; i < same; i++)
            Assert.True(Math.Abs(steps[i].Pace.NextSize - steps[i + 1].Signals.Size) <= 1,
                $"{recording}, batch {i + 1} at {steps[i].Batch.AtMs} ms: the replay chose {steps[i].Pace.NextSize}, the run {steps[i + 1].Signals.Size}");
    }

    [Theory]
    [InlineData(WritebackStall)]
    [InlineData(LockWait)]
    [InlineData(SqliteWriter)]
    public void Every_size_stays_within_min_and_max(string recording)
    {
        var steps = Replay(recording);

        Assert.All(steps, s => Assert.InRange(s.Pace.NextSize, Options.MinBatch, Options.MaxBatch));
        // The SQLite run sank to the minimum while the writer wrote, because its commits alone took the whole 15 ms target.
        // Replayed, every such batch — commit over the target, work within half of it — keeps or grows its size instead.
        if (recording == SqliteWriter)
        {
            var target = PacingOf(recording).YieldBatchDuration!.Value.TotalMilliseconds;
            Assert.Equal(Options.MinBatch, steps.Min(s => s.Signals.Size));
            var commitBound = steps.Where(s => s.Yielding && s.Pace.Reason is null && s.Signals.CommitMs >= target
                                               && s.Signals.BatchMs - s.Signals.CommitMs <= target / 2).ToList();
            Assert.True(commitBound.Count >= 10, $"{commitBound.Count} commit-bound batches");
            Assert.All(commitBound, s => Assert.True(s.Pace.NextSize >= s.Signals.Size, $"batch {s.Index + 1}: {s.Signals.Size} -> {s.Pace.NextSize}"));
            Assert.Equal(Options.MaxBatch, steps.Max(s => s.Pace.NextSize));
        }
    }

    [Fact]
    public void The_recorded_writeback_stall_halves_the_batch_and_pauses_as_long_as_its_commit_took()
    {
        var steps = Replay(WritebackStall);

        // The first slow commit is the kernel's 30 s dirty-page expiry reaching the first pages the backfill dirtied.
        var first = steps.First(s => s.SlowCommit);
        Assert.InRange(first.Batch.AtMs, 29_000, 32_000);
        Assert.Equal((19_999, 9_999), (first.Signals.Size, first.Pace.NextSize));
        Assert.Equal(TimeSpan.FromMilliseconds(first.Signals.CommitMs), first.Pace.Pause);   // 34.9 ms: PostgreSQL's own pause is none

        // Every slow commit of the recording: half the batch, a pause as long as the commit (none reaches the 2 s cap), and only
        // commits of at least 20 ms count.
        var slow = steps.Where(s => s.SlowCommit).ToList();
        Assert.Equal(7, slow.Count);
        Assert.All(slow, s =>
        {
            Assert.Equal(Half(s.Signals.Size), s.Pace.NextSize);
            Assert.Equal(TimeSpan.FromMilliseconds(Math.Min(s.Signals.CommitMs, Options.MaxPacingPause.TotalMilliseconds)), s.Pace.Pause);
            Assert.True(s.Signals.CommitMs >= Options.SlowCommit.TotalMilliseconds);
        });
        // The worst one: 181 ms at 32.7 s.
        var worst = slow.MaxBy(s => s.Signals.CommitMs)!;
        Assert.Equal((11_708, 5_854, 181), (worst.Signals.Size, worst.Pace.NextSize, (int)worst.Pace.Pause.TotalMilliseconds));
        // Between stalls, no pause at all.
        Assert.All(steps.Where(s => s.Pace.Reason is null), s => Assert.Equal(TimeSpan.Zero, s.Pace.Pause));
    }

    [Fact]
    public void The_recorded_stall_does_not_become_the_usual_commit()
    {
        var steps = Replay(WritebackStall);
        var worst = steps.Where(s => s.SlowCommit).MaxBy(s => s.Signals.CommitMs)!;

        // The batch after the 181 ms commit committed in 40 ms: still slow against the usual (6 ms), so it halves again. Had the
        // stall joined the moving average (0.8 x 6 + 0.2 x 181 = 41 ms), 40 ms would have looked usual.
        var after = steps[worst.Index + 1];
        Assert.InRange(after.Signals.CommitMs, 39, 41);
        Assert.True(after.SlowCommit, after.Pace.Reason);
        Assert.Equal(2_927, after.Pace.NextSize);

        // Every slow commit is named against a usual commit of a few milliseconds, before and after the stalls alike.
        Assert.All(steps.Where(s => s.SlowCommit), s => Assert.InRange(UsualOf(s.Pace.Reason!), 1, 12));
    }

    /// <summary>
    /// K: a stall episode of n halvings is undone in 2n batches, because the size grows by half per batch while the batches are
    /// under the target and 1.5² = 2.25 ≥ 2 — if the stall did not raise the usual commit (then later commits would not halve
    /// again) and the growth is not held back. Within those K batches the size is back at its size before the episode, or
    /// where the duration target alone puts it (the busy machine's batches were slower after the stall than before).
    /// </summary>
    [Fact]
    public void After_each_recorded_stall_the_size_grows_back_within_two_batches_per_halving()
    {
        var steps = Replay(WritebackStall);
        var target = PacingOf(WritebackStall).BatchDuration;

        var episodes = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            if (!steps[i].SlowCommit)
                continue;
            // An episode: slow commits in a row.
            var end = i;
            while (end + 1 < steps.Count && steps[end + 1].SlowCommit)
                end++;
            var halvings = end - i + 1;
            var before = steps[i].Signals.Size;
            var k = 2 * halvings;
            var back = Enumerable.Range(end + 1, k).Where(j => j < steps.Count).Select(j => steps[j])
                .FirstOrDefault(s => s.Pace.NextSize >= before || s.Pace.NextSize == Ideal(s.Signals, target));
            Assert.True(back is not null,
                $"the stall at {steps[i].Batch.AtMs} ms ({halvings} halving(s), {before} keys before) was not undone within {k} batches: " +
                string.Join(", ", Enumerable.Range(end, k + 1).Where(j => j < steps.Count).Select(j => steps[j].Pace.NextSize)));
            Assert.All(Enumerable.Range(end + 1, back.Index - end), j => Assert.False(steps[j].SlowCommit));
            episodes++;
            i = end;
        }
        Assert.Equal(6, episodes);   // 30.4 s, 32.7 s (two in a row), 38.4 s, 42.6 s, 44.1 s, 45.3 s
    }

    [Fact]
    public void Each_recorded_wait_for_others_locks_halves_the_next_batch()
    {
        var steps = Replay(LockWait);

        var waited = steps.Where(s => s.Signals.LockWaitMs >= Options.LockWaitToShrink.TotalMilliseconds).ToList();
        Assert.Equal(10, waited.Count);
        Assert.All(waited, s =>
        {
            // Two of them also committed slowly, and are named for that; the size is halved either way.
            Assert.True(s.LockShrink || s.SlowCommit, s.Pace.Reason);
            Assert.Equal(Half(s.Signals.Size), s.Pace.NextSize);
        });
        var locks = waited.Where(s => s.LockShrink).ToList();
        Assert.Equal(8, locks.Count);
        Assert.All(locks, s =>
        {
            Assert.Contains($"waited {s.Signals.LockWaitMs:0} ms for locks held by others", s.Pace.Reason, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, s.Pace.Pause);   // locks are a reason to hold less, not to wait
        });
        // The first: 14,056 keys waited 362 ms (a timeout at 100 ms, a sleep, a retry).
        Assert.Equal((14_056, 7_028), (locks[0].Signals.Size, locks[0].Pace.NextSize));
        // The usual small waits (under a millisecond to a few: the transaction's start) change nothing.
        Assert.All(steps.Where(s => s.Signals.LockWaitMs < Options.LockWaitToShrink.TotalMilliseconds), s => Assert.False(s.LockShrink));
    }

    [Fact]
    public void The_recorded_writer_puts_the_pace_into_yield_at_once_and_it_is_left_one_hold_after_its_last_write()
    {
        var steps = Replay(SqliteWriter);
        var pacing = PacingOf(SqliteWriter);

        // Alone at first: no yield, the small pause.
        var firstWrite = steps.First(s => s.Signals.OthersWrote);
        Assert.All(steps.Take(firstWrite.Index), s => Assert.False(s.Yielding));
        Assert.All(steps.Take(firstWrite.Index).Where(s => s.Pace.Reason is null), s => Assert.Equal(pacing.Pause, s.Pace.Pause));

        // The first batch that saw the writer: 100,000 keys in 108 ms, 28.7 of them its commit. The next goes to the yield pace
        // at once, not by half (50,000): its commit took more than the 15 ms target, so its work gets half the target,
        // 100,000 x 7.5 / 79.0 = 9,489 keys.
        Assert.True(firstWrite.Yielding);
        Assert.Equal((100_000, 107.753, 28.716), (firstWrite.Signals.Size, firstWrite.Signals.BatchMs, firstWrite.Signals.CommitMs));
        Assert.Equal(9_489, firstWrite.Pace.NextSize);
        Assert.Equal(pacing.YieldPause, firstWrite.Pace.Pause);

        // Throughout: yielding exactly while the last write seen is less than the hold (1 s) ago, by the recording's clock; the
        // gap is the yield pause then and the small pause otherwise (or longer, after a slow commit).
        double? lastWrite = null;
        foreach (var s in steps)
        {
            if (s.Signals.OthersWrote)
                lastWrite = s.Batch.AtMs;
            var within = lastWrite is { } w && s.Batch.AtMs - w < pacing.YieldHold.TotalMilliseconds;
            Assert.True(within == s.Yielding, $"batch {s.Index + 1} at {s.Batch.AtMs} ms: yielding {s.Yielding}, last write seen at {lastWrite} ms");
            var gap = s.Yielding ? pacing.YieldPause : pacing.Pause;
            Assert.Equal(s.SlowCommit ? TimeSpan.FromMilliseconds(Math.Max(s.Signals.CommitMs, gap.TotalMilliseconds)) : gap, s.Pace.Pause);
        }

        // The writer's last write was seen at 6382 ms; at 7378 ms (996 ms later) the pace still yields, at 7417 ms it no longer does.
        var left = steps.First(s => s.Index > firstWrite.Index && !s.Yielding);
        Assert.Equal(6382, (int)lastWrite!.Value);
        Assert.Equal((7378, 7417), ((int)steps[left.Index - 1].Batch.AtMs, (int)left.Batch.AtMs));
    }

    /// <summary>
    /// K = 8: from the 5,376 keys the pace left the yield with, growing by half per batch reaches the 100,000 maximum in
    /// ceil(log 18.6 / log 1.5) = 8 batches; the size must get there or be held by the 100 ms target (not the 15 ms one) by then.
    /// </summary>
    [Fact]
    public void After_the_recorded_writer_stops_the_size_grows_back_by_half_per_batch_until_the_target_holds_it()
    {
        var steps = Replay(SqliteWriter);
        var target = PacingOf(SqliteWriter).BatchDuration;
        var lastWrite = steps.Last(s => s.Signals.OthersWrote).Index;
        var left = steps.First(s => s.Index > lastWrite && !s.Yielding);
        Assert.Equal(5_376, left.Signals.Size);

        const int K = 8;
        var held = steps.Skip(left.Index).Take(K).FirstOrDefault(s => s.Pace.NextSize == Options.MaxBatch || s.Pace.NextSize == Ideal(s.Signals, target));
        Assert.True(held is not null, "not grown back within 8 batches: " + string.Join(", ", steps.Skip(left.Index).Take(K).Select(s => s.Pace.NextSize)));
        // Until then, the full half per batch, each a batch far under the 100 ms target.
        Assert.All(steps.Skip(left.Index).Take(held.Index - left.Index), s => Assert.Equal((int)(s.Signals.Size * 1.5), s.Pace.NextSize));
        // And the maximum again before the table ends.
        Assert.Contains(steps.Skip(held.Index), s => s.Pace.NextSize == Options.MaxBatch);
    }

    private static double UsualOf(string reason) => double.Parse(Usual().Match(reason).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"usually (\d+) ms")]
    private static partial Regex Usual();
}
