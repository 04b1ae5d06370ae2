namespace Cutover.Running;

/// <summary>One problem found by <see cref="Migrator.ValidateAsync"/>.</summary>
/// <param name="Id">The migration concerned.</param>
/// <param name="Subject">The file (or history row) at fault.</param>
/// <param name="Problem">What is wrong, in one line.</param>
/// <param name="Conflict">The kind of problem, which says what to do about it.</param>
public sealed record ValidationIssue(string Id, string Subject, string Problem, MigrationConflict Conflict);

/// <summary>The answer of <see cref="Migrator.ValidateAsync"/>.</summary>
/// <param name="Issues">Every problem found; empty when valid.</param>
public sealed record ValidationReport(IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Issues.Count == 0;
}
