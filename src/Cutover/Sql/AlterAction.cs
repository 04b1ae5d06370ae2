namespace Cutover.Sql;

/// <summary>
/// One comma-separated action of an ALTER TABLE, as a token range; ADD COLUMN and ADD of a table constraint
/// come read, the other actions are left to the caller's words.
/// </summary>
/// <param name="Start">Where the action starts in the statement's significant tokens.</param>
/// <param name="End">Just past its last token.</param>
/// <param name="AddedColumn">The column an ADD [COLUMN] defines; null for other actions.</param>
/// <param name="AddedConstraint">The table constraint an ADD defines; null for other actions.</param>
public sealed record AlterAction(int Start, int End, ColumnShape? AddedColumn, ConstraintShape? AddedConstraint);
