namespace Cutover.Rehearsal.Audit;

/// <summary>What the audit found for one constraint.</summary>
public enum AuditOutcome
{
    /// <summary>No existing row violates the constraint.</summary>
    Passed,
    /// <summary>Some existing rows violate the constraint: the migration would fail on them (or, where noted, drop them).</summary>
    Violated,
    /// <summary>The audit could not evaluate the constraint; <see cref="AuditFinding.Note"/> says why. Not a failure.</summary>
    NotEvaluated,
}
