namespace Cutover.Backfill;

/// <summary>What one batch of an auto-sized backfill measured, for <see cref="BatchPacer"/> to react to.</summary>
/// <param name="Size">The size the batch was asked for.</param>
/// <param name="Keys">The keys it covered: fewer than <paramref name="Size"/> only in the table's last batch.</param>
/// <param name="BatchMs">Its own time, statements and commit, without waiting for locks before it.</param>
/// <param name="CommitMs">Its commit alone: the engine's write-ahead log or journal reaching the disk.</param>
/// <param name="LockWaitMs">Time it waited for locks held by others: retries after lock timeouts, and their sleeps.</param>
/// <param name="OthersWrote">Another connection committed a write since this runner's last commit (SQLite's data_version).</param>
/// <param name="Wal">How the server's WAL counters grew since this runner's previous batch, every session's writes included; null without <see cref="IBackfillWalProbe"/>.</param>
internal readonly record struct BatchSignals(int Size, long Keys, double BatchMs, double CommitMs, double LockWaitMs, bool OthersWrote, WalSignals? Wal = null);

/// <summary>What the server's WAL counters grew by between two readings (<see cref="WalCounters"/>); a counter either reading lacks is null.</summary>
internal readonly record struct WalSignals(long? Bytes, long? Syncs, double? SyncMs, long? CheckpointsRequested)
{
    /// <summary>The average WAL sync between the readings, which every commit in that time waited for; null when none was timed.</summary>
    public double? MsPerSync => Syncs is > 0 && SyncMs is { } ms ? ms / Syncs.Value : null;

    /// <summary>The server started a checkpoint before its time: WAL reached max_wal_size (or someone ran CHECKPOINT).</summary>
    public bool CheckpointRequested => CheckpointsRequested > 0;

    public static WalSignals Between(WalCounters before, WalCounters after) => new(
        Grew(before.Bytes, after.Bytes), Grew(before.Syncs, after.Syncs),
        before.SyncMs is { } a && after.SyncMs is { } b ? Math.Max(0, b - a) : null, Grew(before.CheckpointsRequested, after.CheckpointsRequested));

    // A counter that went down was reset (pg_stat_reset_shared) between the readings: its growth is unknown.
    private static long? Grew(long? before, long? after) => before is { } a && after is { } b && b >= a ? b - a : null;
}

/// <summary>What the pacer decided after a batch.</summary>
/// <param name="NextSize">The size of the next batch.</param>
/// <param name="Pause">The pause before it.</param>
/// <param name="Reason">Why the pace changed, when a signal changed it ("commit 180 ms, usually 9 ms"); null when only the duration target moved it.</param>
internal readonly record struct BatchPace(int NextSize, TimeSpan Pause, string? Reason);
