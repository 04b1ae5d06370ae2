namespace Cutover.Backfill;

/// <summary>How backfill batches are sized, paced and throttled (the <c>backfill</c> section of the configuration).</summary>
public sealed record BackfillOptions
{
    /// <summary>
    /// What <c>batch=auto</c> aims for: each batch's duration, including its commit; null (the default): the engine's
    /// (<see cref="Sql.SqlSemantics.BackfillBatchDuration"/>: 200 ms on PostgreSQL, 25 ms on SQLite).
    /// </summary>
    public TimeSpan? TargetBatchDuration { get; init; }

    /// <summary>The size of an auto-sized backfill's first batch.</summary>
    public int InitialBatch { get; init; } = 1000;

    /// <summary>The smallest batch <c>auto</c> shrinks to.</summary>
    public int MinBatch { get; init; } = 100;

    /// <summary>The largest batch <c>auto</c> grows to.</summary>
    public int MaxBatch { get; init; } = 100_000;

    /// <summary>
    /// The pause after every batch, unless the directive sets <c>pause=</c>; null (the default): the engine's
    /// (<see cref="Sql.SqlSemantics.BackfillPause"/>: 20 ms on SQLite, none on PostgreSQL).
    /// </summary>
    public TimeSpan? Pause { get; init; }

    /// <summary>
    /// The batch duration <c>auto</c> aims for while other connections write; null (the default): the engine's
    /// (<see cref="Sql.SqlSemantics.BackfillYieldBatchDuration"/>: 15 ms on SQLite; PostgreSQL never needs it).
    /// </summary>
    public TimeSpan? YieldBatchDuration { get; init; }

    /// <summary>
    /// The gap after each batch while other connections write; null (the default): the engine's
    /// (<see cref="Sql.SqlSemantics.BackfillYieldPause"/>: 15 ms on SQLite).
    /// </summary>
    public TimeSpan? YieldPause { get; init; }

    /// <summary>How long after the last write by another connection batches stay at the yield pace.</summary>
    public TimeSpan YieldHold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A commit is slow (the disk is behind) only when it takes at least this long…</summary>
    public TimeSpan SlowCommit { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>…and at least this many times this backfill's usual commit. The batch is then halved and paused as long as the commit took.</summary>
    public int SlowCommitFactor { get; init; } = 4;

    /// <summary>A batch that waited at least this long for locks held by others halves the next one.</summary>
    public TimeSpan LockWaitToShrink { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// PostgreSQL: the backend writes back what a batch dirtied every this many KB (backend_flush_after, up to 2048; 0: the server's own setting),
    /// so the kernel does not collect gigabytes of dirty pages and then stall every commit while it writes them out.
    /// </summary>
    public int WritebackAfterKb { get; init; } = 256;

    /// <summary>
    /// PostgreSQL: the pause after a batch during which the server started a checkpoint before its time (WAL reached
    /// <c>max_wal_size</c>, seen in <c>pg_stat_bgwriter</c> / <c>pg_stat_checkpointer</c>); the next batch is also halved. Zero: no reaction.
    /// 300 ms: measured against 1 s and no reaction with PostgreSQL's default max_wal_size (bench/README.md).
    /// </summary>
    public TimeSpan CheckpointPause { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest pause a slow commit or slow WAL syncs cause.</summary>
    public TimeSpan MaxPacingPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PostgreSQL: how many workers walk one SQL backfill side by side, each its own range of keys (cut from a sample of the
    /// table) on its own connection, each range checkpointed. 1 (the default): one runner walks the whole table. A backfill
    /// already cut into ranges is walked by its ranges whatever this says. SQLite writes one transaction at a time, and a C#
    /// backfill's transform is not assumed safe to call concurrently: both always run with one.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>PostgreSQL: wait while more than this many other client sessions are active.</summary>
    public int MaxActiveSessions { get; init; } = 32;

    /// <summary>PostgreSQL: wait while a replica's replay lag is above this.</summary>
    public TimeSpan MaxReplicationLag { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before looking at the database's pressure again while throttled.</summary>
    public TimeSpan ThrottleWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One audit log entry summarises this many batches (plus one when a backfill starts, finishes, fails,
    /// is throttled, paused, resumed or cancelled): the log stays bounded, the checkpoint holds the rest.
    /// </summary>
    public int LogEvery { get; init; } = 100;

    /// <summary>lock_timeout and retries of each batch (PostgreSQL). Batches retry longer than DDL: they are cheap to repeat.</summary>
    public LockRetryPolicy LockRetry { get; init; } = new() { Attempts = 30, MaxSleep = TimeSpan.FromSeconds(30) };
}
