namespace Cutover.Rehearsal.Audit;

/// <summary>
/// A constraint a statement adds, read from its text, with the rows it will be checked against.
/// <see cref="NotValidName"/> is set for a PostgreSQL constraint added NOT VALID: the database checks the
/// existing rows only when <c>VALIDATE CONSTRAINT</c> runs. <see cref="NoteIfViolated"/> matters only when rows
/// violate it (what an INSERT's conflict clause does to them).
/// </summary>
internal sealed record PendingConstraint(
    string Words, RowSource Rows, ConstraintTest Test, string? Note = null, string? NotValidName = null, string? NoteIfViolated = null);
