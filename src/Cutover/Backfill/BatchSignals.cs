namespace Cutover.Backfill;

/// <summary>What one batch of an auto-sized backfill measured, for <see cref="BatchPacer"/> to react to.</summary>
/// <param name="Size">The size the batch was asked for.</param>
/// <param name="Keys">The keys it covered: fewer than <paramref name="Size"/> only in the table's last batch.</param>
/// <param name="BatchMs">Its own time, statements and commit, without waiting for locks before it.</param>
/// <param name="CommitMs">Its commit alone: the engine's write-ahead log or journal reaching the disk.</param>
/// <param name="LockWaitMs">Time it waited for locks held by others: retries after lock timeouts, and their sleeps.</param>
/// <param name="OthersWrote">Another connection committed a write since this runner's last commit (SQLite's data_version).</param>
internal readonly record struct BatchSignals(int Size, long Keys, double BatchMs, double CommitMs, double LockWaitMs, bool OthersWrote);

/// <summary>What the pacer decided after a batch.</summary>
/// <param name="NextSize">The size of the next batch.</param>
/// <param name="Pause">The pause before it.</param>
/// <param name="Reason">Why the pace changed, when a signal changed it ("commit 180 ms, usually 9 ms"); null when only the duration target moved it.</param>
internal readonly record struct BatchPace(int NextSize, TimeSpan Pause, string? Reason);
