namespace Cutover;

/// <summary>How much load a database may be under before a backfill waits (<see cref="IBackfillPressureProbe"/>).</summary>
/// <param name="MaxActiveSessions">Other sessions running a statement at once, above which batches wait.</param>
/// <param name="MaxReplicationLag">Replica lag above which batches wait.</param>
public sealed record PressureLimits(int MaxActiveSessions, TimeSpan MaxReplicationLag);
