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
