namespace Cutover.History;

/// <summary>One row of the append-only audit log <c>cutover_log</c>.</summary>
/// <param name="Seq">Increasing sequence number.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Action">up, down, baseline, repair, lock …</param>
/// <param name="MigrationId">The migration concerned, when one is.</param>
/// <param name="Outcome">ok, failed, waited, retried …</param>
/// <param name="By">Who ran it.</param>
/// <param name="Host">On which machine.</param>
/// <param name="DurationMs">How long it took, when timed.</param>
/// <param name="Detail">Error message, what was repaired, retry details.</param>
public sealed record AuditEntry(
    long Seq,
    DateTime At,
    string Action,
    string? MigrationId,
    string Outcome,
    string By,
    string Host,
    long? DurationMs,
    string? Detail);
