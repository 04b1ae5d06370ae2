namespace Cutover.Sql;

/// <summary>
/// One comma-separated action of an ALTER TABLE, as a token range; ADD COLUMN and ADD of a table constraint
/// come read, the other actions are left to the caller's words.
/// </summary>
internal sealed record AlterAction(int Start, int End, ColumnShape? AddedColumn, ConstraintShape? AddedConstraint);
