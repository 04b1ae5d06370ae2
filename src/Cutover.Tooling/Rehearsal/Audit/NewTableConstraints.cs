using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>The constraints of a new table, as checks on the rows an INSERT … SELECT puts into it.</summary>
internal static class NewTableConstraints
{
    public static IEnumerable<PendingConstraint> For(NewTable table, SelectedRows rows, SqlDialect dialect)
    {
        var names = dialect == SqlDialect.Sqlite ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var inserted = new HashSet<string>(rows.Columns, names);
        var tableKey = new HashSet<string>(table.TablePrimaryKey, names);
        var name = table.Name;

        foreach (var column in table.Columns)
        {
            var primaryKey = column.PrimaryKey || tableKey.Contains(column.Name);
            // SQLite: INTEGER PRIMARY KEY is the rowid, and a NULL there becomes the next rowid; other primary
            // keys may hold NULL unless the table is WITHOUT ROWID. PostgreSQL: a primary key is NOT NULL.
            var rowid = dialect == SqlDialect.Sqlite && primaryKey && !table.WithoutRowid && column.Type == "integer"
                && (column.PrimaryKey || tableKey.Count == 1);
            var notNull = !rowid && (column.ExplicitNotNull || (primaryKey && (dialect == SqlDialect.Postgres || table.WithoutRowid)));
            var words = $"NOT NULL {name}.{column.Name}";
            if (notNull && inserted.Contains(column.Name))
                yield return new PendingConstraint(words, rows, new NullTest(column.Name));
            else if (notNull && !column.HasDefault && !column.GeneratesValue)
                yield return new PendingConstraint(words, rows, new EveryRowTest(column.Name),
                    $"the INSERT does not set {column.Name}, which has no default, so every row it inserts violates it");

            // A column the INSERT leaves out takes its default (or NULL) and is not checked further.
            if (!inserted.Contains(column.Name))
                continue;
            foreach (var check in column.Checks)
                yield return new PendingConstraint($"CHECK {name} ({Schema.SchemaText.Normalise(check)})", rows, new CheckTest(check));
            if (column.Reference is { } target)
                yield return new PendingConstraint($"FOREIGN KEY {name} ({column.Name}) → {target}", rows,
                    new ReferenceTest([column.Name], target.Table, target.Columns, target.MatchFull));
            if (column.Unique || column.PrimaryKey)
                yield return new PendingConstraint($"{(column.PrimaryKey ? "PRIMARY KEY" : "UNIQUE")} {name} ({column.Name})", rows,
                    new DuplicateTest([new IndexKey(column.Name, SchemaText.Quote(column.Name), IsExpression: false)], false, null));
        }

        foreach (var constraint in table.Constraints)
        {
            if (constraint.Kind == TableConstraintKind.Other && constraint.Text.StartsWith("LIKE", StringComparison.OrdinalIgnoreCase))
                continue;
            if (constraint.Kind is TableConstraintKind.Unique or TableConstraintKind.PrimaryKey or TableConstraintKind.ForeignKey
                && constraint.Keys.Any(k => !k.IsExpression && !inserted.Contains(k.Name)))
                continue;
            // The NOT NULL of the table's primary key was checked with its columns above.
            foreach (var check in TableConstraintChecks.For(constraint, name, rows, withNullChecks: false))
                yield return check;
        }
    }
}
