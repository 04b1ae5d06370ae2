namespace Cutover.Schema;

/// <summary>The answer of <see cref="Migrator.DriftAsync"/>: the live schema against the one the last run left.</summary>
/// <param name="ExpectedFingerprint">The fingerprint recorded after the last up, down, redo or baseline.</param>
/// <param name="ActualFingerprint">The live database's fingerprint.</param>
/// <param name="RecordedAt">When the expected schema was recorded (UTC).</param>
/// <param name="AfterMigration">The newest applied migration at that time.</param>
/// <param name="Changes">Every change made outside migrations since; empty when there is no drift.</param>
public sealed record DriftReport(string ExpectedFingerprint, string ActualFingerprint, DateTime RecordedAt, string? AfterMigration, IReadOnlyList<SchemaChange> Changes)
{
    /// <summary>True when the live schema differs from the recorded one.</summary>
    public bool Drifted => ExpectedFingerprint != ActualFingerprint;
}
