using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>The checks a table constraint (CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY) asks of a set of rows.</summary>
internal static class TableConstraintChecks
{
    public static IEnumerable<PendingConstraint> For(ConstraintShape constraint, TableName table, RowSource rows, bool withNullChecks = true)
    {
        var notValid = constraint.NotValid && constraint.FoldedName is { } name ? name : null;
        var keys = IndexKey.Of(constraint);
        var keyList = "(" + string.Join(", ", keys.Select(k => k.Name)) + ")";
        switch (constraint.Kind)
        {
            case ConstraintKind.PrimaryKey or ConstraintKind.Unique when constraint.UsingIndex:
                // The index already holds the keys unique; only the NOT NULL of a primary key is new, on columns
                // the statement does not name.
                if (constraint.Kind == ConstraintKind.PrimaryKey)
                    yield return new PendingConstraint($"{constraint.Text} on {table}", rows,
                        new NotAuditable("PRIMARY KEY USING INDEX: the index's columns are not read, so NULLs in them are not counted"));
                break;
            case ConstraintKind.Check:
                yield return new PendingConstraint($"CHECK {table} ({constraint.ExpressionText})", rows, new CheckTest(constraint.ExpressionSource), NotValidName: notValid);
                break;
            case ConstraintKind.ForeignKey:
                var columns = keys.Select(k => k.Name).ToList();
                var target = constraint.Reference!;
                yield return new PendingConstraint($"FOREIGN KEY {table} {keyList} → {target}", rows,
                    new ReferenceTest(columns, target.Table, target.Columns, target.MatchFull), NotValidName: notValid);
                break;
            case ConstraintKind.Unique or ConstraintKind.PrimaryKey:
                var primaryKey = constraint.Kind == ConstraintKind.PrimaryKey;
                var words = $"{(primaryKey ? "PRIMARY KEY" : "UNIQUE")} {table} {keyList}";
                if (keys.Any(k => k.IsExpression))
                {
                    yield return new PendingConstraint(words, rows, new NotAuditable("a key is an expression: the audit checks plain columns only"));
                    break;
                }
                // A primary key makes its columns NOT NULL on PostgreSQL (the only engine that can ADD one).
                if (primaryKey && withNullChecks)
                {
                    foreach (var key in keys)
                        yield return new PendingConstraint($"NOT NULL {table}.{key.Name} (PRIMARY KEY)", rows, new NullTest(key.Name));
                }
                yield return new PendingConstraint(words, rows, new DuplicateTest(keys, constraint.NullsNotDistinct, null));
                break;
            default:
                yield return new PendingConstraint($"{constraint.Text} on {table}", rows,
                    new NotAuditable("the audit does not read this kind of constraint"));
                break;
        }
    }
}
