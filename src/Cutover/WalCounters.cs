namespace Cutover;

/// <summary>
/// A server's cumulative write-ahead-log counters at one moment (<see cref="IBackfillWalProbe"/>); a backfill compares two
/// readings. Each is null when the server does not keep it, or keeps it only with a setting that is off.
/// </summary>
/// <param name="Bytes">WAL generated: the server's current WAL insert position.</param>
/// <param name="Syncs">WAL syncs (fsyncs of WAL files), by every process.</param>
/// <param name="SyncMs">Time those syncs took: every commit waits for one. PostgreSQL times them only with <c>track_wal_io_timing</c> on.</param>
/// <param name="CheckpointsRequested">Checkpoints started before their time: WAL reached <c>max_wal_size</c>, or someone ran <c>CHECKPOINT</c>.</param>
public sealed record WalCounters(long? Bytes, long? Syncs, double? SyncMs, long? CheckpointsRequested);
