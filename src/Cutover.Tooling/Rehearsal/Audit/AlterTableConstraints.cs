using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// The constraints an ALTER TABLE adds to an existing table: SET NOT NULL, a NOT NULL column without a default,
/// and ADD CHECK, FOREIGN KEY, UNIQUE or PRIMARY KEY; and VALIDATE CONSTRAINT.
/// </summary>
internal static class AlterTableConstraints
{
    public static StatementConstraints Read(LintStatement s, SqlSemantics engine)
    {
        if (s.Shape is not { Kind: StatementKind.AlterTable, Table: { } table } alter)
            return StatementConstraints.None;
        var rows = new TableRows(table);

        var added = new List<PendingConstraint>();
        var validated = new List<(string, string)>();
        foreach (var (start, _, addedColumn, addedConstraint) in alter.Actions)
        {
            if (s[start] == "ALTER")
            {
                var at = StatementShapeReader.SkipColumnWords(s.Sql, start + 1);
                var column = s.ReadName(ref at);
                if (s.Is(at, "SET", "NOT", "NULL"))
                    added.Add(new PendingConstraint($"NOT NULL {table}.{column}", rows, new NullTest(column)));
            }
            else if (addedConstraint is not null)
                added.AddRange(TableConstraintChecks.For(addedConstraint, table, rows));
            else if (addedColumn is not null && NewColumn(addedColumn, table, rows, engine) is { } column)
                added.Add(column);
            else if (s.Is(start, "VALIDATE", "CONSTRAINT"))
                validated.Add((table.Name, s.NameAt(start + 2)));
        }
        return new StatementConstraints(added, validated);
    }

    /// <summary>
    /// ADD COLUMN c … NOT NULL without a default: the existing rows would hold NULL, so every one violates it.
    /// Its other constraints (UNIQUE, REFERENCES, CHECK) are met by NULLs and need no check.
    /// </summary>
    private static PendingConstraint? NewColumn(ColumnShape column, TableName table, TableRows rows, SqlSemantics engine)
    {
        var notNull = column.ExplicitNotNull || (column.PrimaryKey && engine.PrimaryKeyImpliesNotNull);
        if (!notNull || column.HasNonNullDefault || column.GeneratesValue)
            return null;
        var note = "the column is added NOT NULL without a default, so every existing row violates it";
        if (engine.RefusesNotNullColumnWithoutDefault)
            note += $"; {engine.DisplayName} refuses this ADD COLUMN even on an empty table";
        return new PendingConstraint($"NOT NULL {table}.{column.FoldedName}", rows, new EveryRowTest(column.FoldedName), note);
    }
}
