using System.Globalization;

namespace Cutover.Backfill;

/// <summary>
/// Paces an auto-sized backfill on what the application would feel, not only on how long its batches take.
/// <list type="bullet">
/// <item>Toward the target duration: the last batch's rate says how many keys fit in the target, and the size moves there by
/// at most half again or half as much per batch, so one cache-cold batch does not swing it — except at the start, where
/// until a batch takes half the target it may grow fourfold (from 1,000 keys, 100,000 is 5 batches away instead of 12).</item>
/// <item>A commit far slower than this backfill's usual one means the disk is behind (a writeback or checkpoint stall, which
/// every writer's commit waits on too): halve the batch, and pause as long as that commit took, so the backlog drains before
/// more is written.</item>
/// <item>The server's WAL syncs, every session's (PostgreSQL's <c>pg_stat_wal</c>, where timed), far slower than usual mean
/// every commit of the application waits longer, even when this backfill's own commit was quick: the same as a slow commit.</item>
/// <item>A checkpoint the server started before its time means this backfill's WAL reached <c>max_wal_size</c>: the
/// checkpointer now writes out everything dirty, and every page touched for the first time after it is logged whole. Halve
/// the batch and pause, so the backfill does not race the checkpoint for the disk.</item>
/// <item>Waiting for locks means others hold rows or the database: halve the batch, so the next holds less for less long.</item>
/// <item>While other connections write (SQLite, which has one writer at a time and no queue: a writer polls, sleeping longer
/// each try), short batches with a gap after each, long enough for a writer's next try to land in it.</item>
/// </list>
/// A fixed <c>batch=</c> is never resized; its pause is the directive's or the configured one.
/// </summary>
internal sealed class BatchPacer(BackfillOptions options, BackfillPacing pacing, int? fixedSize)
{
    // The usual commit and WAL sync: moving averages of those that were not slow, so one stall does not become the norm.
    private UsualTime _usualCommit;
    private UsualTime _usualSync;
    private TimeSpan _sinceOthersWrote = TimeSpan.MaxValue;
    // Until a batch has taken half the target, the first batches are far too small to say much: they may grow fourfold.
    private bool _warmedUp;

    public int First => fixedSize ?? Math.Clamp(options.InitialBatch, options.MinBatch, options.MaxBatch);

    /// <summary>True while other writers were seen within <see cref="BackfillPacing.YieldHold"/>: batches are short, gaps guaranteed.</summary>
    public bool Yielding => pacing.YieldBatchDuration is not null && _sinceOthersWrote < pacing.YieldHold;

    /// <summary>The pace after a batch that measured <paramref name="signals"/>, <paramref name="sinceLast"/> after the previous one ended.</summary>
    public BatchPace Next(BatchSignals signals, TimeSpan sinceLast)
    {
        _sinceOthersWrote = signals.OthersWrote ? TimeSpan.Zero
            : _sinceOthersWrote == TimeSpan.MaxValue ? TimeSpan.MaxValue : _sinceOthersWrote + sinceLast;
        var basePause = Yielding ? pacing.YieldPause : pacing.Pause;
        if (fixedSize is { } size)
            return new BatchPace(size, basePause, null);

        var current = signals.Size;
        if (_usualCommit.SlowAgainst(signals.CommitMs, options) is { } usual)
            return new BatchPace(Bounded(current * 0.5), Max(Capped(signals.CommitMs), basePause),
                string.Create(CultureInfo.InvariantCulture, $"commit took {signals.CommitMs:0} ms, usually {usual:0} ms: the disk is behind"));
        if (signals.Wal?.MsPerSync is { } sync && _usualSync.SlowAgainst(sync, options) is { } usualSync)
            return new BatchPace(Bounded(current * 0.5), Max(Capped(sync), basePause),
                string.Create(CultureInfo.InvariantCulture, $"the server's WAL syncs took {sync:0.#} ms on average, usually {usualSync:0.#} ms: every commit waits on them"));
        if (signals.Wal is { CheckpointRequested: true } wal && options.CheckpointPause > TimeSpan.Zero)
            return new BatchPace(Bounded(current * 0.5), Max(options.CheckpointPause, basePause),
                string.Create(CultureInfo.InvariantCulture, $"the server started a checkpoint before its time ({(wal.Bytes is { } bytes ? $"{bytes / 1048576.0:0.#} MB of WAL since the last batch; " : "")}WAL reached max_wal_size)"));
        if (signals.LockWaitMs >= options.LockWaitToShrink.TotalMilliseconds)
            return new BatchPace(Bounded(current * 0.5), basePause,
                string.Create(CultureInfo.InvariantCulture, $"waited {signals.LockWaitMs:0} ms for locks held by others"));

        var target = Yielding ? pacing.YieldBatchDuration!.Value : pacing.BatchDuration;
        if (signals.Keys < current)
            return new BatchPace(current, basePause, null);   // the table's last, short batch says nothing about the rate
        var ideal = Yielding
            ? YieldingSize(current, signals, target.TotalMilliseconds)
            : current * target.TotalMilliseconds / Math.Max(1, signals.BatchMs);
        _warmedUp |= signals.BatchMs >= target.TotalMilliseconds / 2;
        // Entering the yield pace is not gradual: the writer is waiting now.
        var low = Yielding && ideal < current * 0.5 ? ideal : current * 0.5;
        var high = _warmedUp ? current * 1.5 : current * 4.0;
        return new BatchPace(Bounded(Math.Clamp(ideal, low, high)), basePause, null);
    }

    /// <summary>
    /// While others write, the size whose work (the batch without its commit) fits what the commit leaves of the target, and at
    /// least half the target: a commit while another connection writes can take the whole target by itself (its sync waits on
    /// theirs), and sizing on the whole batch then shrank batches to the minimum — a hundredth of the work for 2 ms less of the
    /// lock. The lock is then held for the commit plus half the target, still shorter than the gap plus a polling writer's
    /// next tries.
    /// </summary>
    private static double YieldingSize(int current, BatchSignals signals, double targetMs)
    {
        var workMs = Math.Max(0.5, signals.BatchMs - signals.CommitMs);
        var budgetMs = Math.Max(targetMs - signals.CommitMs, targetMs / 2);
        return current * budgetMs / workMs;
    }

    private int Bounded(double size) => (int)Math.Clamp(size, options.MinBatch, options.MaxBatch);

    private TimeSpan Capped(double ms) => TimeSpan.FromMilliseconds(Math.Min(ms, options.MaxPacingPause.TotalMilliseconds));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A duration's usual value: a moving average of the measurements that were not slow against it.</summary>
    private struct UsualTime
    {
        private double _ms;
        private bool _known;

        /// <summary>The usual time when <paramref name="ms"/> is slow against it (at least <see cref="BackfillOptions.SlowCommit"/> and <see cref="BackfillOptions.SlowCommitFactor"/> times the usual); null when it is not, and then it joins the usual.</summary>
        public double? SlowAgainst(double ms, BackfillOptions options)
        {
            if (!_known)
            {
                (_ms, _known) = (ms, true);
                return null;
            }
            var usual = _ms;
            if (ms >= options.SlowCommit.TotalMilliseconds && ms >= usual * options.SlowCommitFactor)
                return usual;
            _ms = usual * 0.8 + ms * 0.2;
            return null;
        }
    }
}

/// <summary>The durations a backfill paces itself by: the configured ones, else the engine's (<see cref="Sql.SqlSemantics"/>).</summary>
/// <param name="BatchDuration">What a batch aims for while nobody else writes.</param>
/// <param name="Pause">The pause after each batch while nobody else writes.</param>
/// <param name="YieldBatchDuration">What a batch aims for while others write; null: the engine never needs to yield (row locks queue).</param>
/// <param name="YieldPause">The gap after each batch while others write.</param>
/// <param name="YieldHold">How long after the last write by others batches stay short.</param>
internal sealed record BackfillPacing(TimeSpan BatchDuration, TimeSpan Pause, TimeSpan? YieldBatchDuration, TimeSpan YieldPause, TimeSpan YieldHold);
