using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>The constraints of a new table, as checks on the rows an INSERT … SELECT puts into it.</summary>
internal static class NewTableConstraints
{
    public static IEnumerable<PendingConstraint> For(StatementShape table, SelectedRows rows, SqlSemantics engine)
    {
        var names = engine.Identifiers;
        var inserted = new HashSet<string>(rows.Columns, names);
        var tableKey = new HashSet<string>(
            table.Constraints.Where(c => c.Kind == ConstraintKind.PrimaryKey).SelectMany(IndexKey.Of).Select(k => k.Name), names);
        var name = table.Table!;

        foreach (var column in table.Columns)
        {
            var columnName = column.FoldedName;
            var primaryKey = column.PrimaryKey || tableKey.Contains(columnName);
            // An engine with a row id (SQLite): INTEGER PRIMARY KEY is the rowid, and a NULL there becomes the next
            // rowid; other primary keys may hold NULL unless the table is WITHOUT ROWID. PostgreSQL: a primary key is NOT NULL.
            var rowid = engine.RowIdColumn is not null && primaryKey && !table.WithoutRowid && column.Type == "integer"
                && (column.PrimaryKey || tableKey.Count == 1);
            var notNull = !rowid && (column.ExplicitNotNull || (primaryKey && (engine.PrimaryKeyImpliesNotNull || table.WithoutRowid)));
            var words = $"NOT NULL {name}.{columnName}";
            if (notNull && inserted.Contains(columnName))
                yield return new PendingConstraint(words, rows, new NullTest(columnName));
            else if (notNull && !column.HasNonNullDefault && !column.GeneratesValue)
                yield return new PendingConstraint(words, rows, new EveryRowTest(columnName),
                    $"the INSERT does not set {columnName}, which has no default, so every row it inserts violates it");

            // A column the INSERT leaves out takes its default (or NULL) and is not checked further.
            if (!inserted.Contains(columnName))
                continue;
            foreach (var check in column.Checks.Select(c => c.ExpressionSource))
                yield return new PendingConstraint($"CHECK {name} ({Schema.SchemaText.Normalise(check)})", rows, new CheckTest(check));
            if (column.Reference is { } target)
                yield return new PendingConstraint($"FOREIGN KEY {name} ({columnName}) → {target}", rows,
                    new ReferenceTest([columnName], target.Table, target.Columns, target.MatchFull));
            if (column.Unique || column.PrimaryKey)
                yield return new PendingConstraint($"{(column.PrimaryKey ? "PRIMARY KEY" : "UNIQUE")} {name} ({columnName})", rows,
                    new DuplicateTest([new IndexKey(columnName, SchemaText.Quote(columnName), IsExpression: false)], false, null));
        }

        foreach (var constraint in table.Constraints)
        {
            if (constraint.Kind == ConstraintKind.Other && constraint.Text.StartsWith("LIKE", StringComparison.OrdinalIgnoreCase))
                continue;
            if (constraint.Kind is ConstraintKind.Unique or ConstraintKind.PrimaryKey or ConstraintKind.ForeignKey
                && IndexKey.Of(constraint).Any(k => !k.IsExpression && !inserted.Contains(k.Name)))
                continue;
            // The NOT NULL of the table's primary key was checked with its columns above.
            foreach (var check in TableConstraintChecks.For(constraint, name, rows, withNullChecks: false))
                yield return check;
        }
    }
}
