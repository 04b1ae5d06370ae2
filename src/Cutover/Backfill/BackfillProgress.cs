namespace Cutover.Backfill;

/// <summary>A backfill's progress after a batch, or a note on why it waits (throttled, paused).</summary>
/// <param name="Status">The checkpoint as it stands.</param>
/// <param name="Waiting">Why no batch runs right now; null while batches run.</param>
public sealed record BackfillProgress(BackfillStatus Status, string? Waiting);
