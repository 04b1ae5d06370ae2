namespace Cutover.Rehearsal.Audit;

/// <summary>The checks a table constraint (CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY) asks of a set of rows.</summary>
internal static class TableConstraintChecks
{
    public static IEnumerable<PendingConstraint> For(TableConstraint constraint, TableName table, RowSource rows, bool withNullChecks = true)
    {
        var notValid = constraint.NotValid && constraint.Name is not null ? constraint.Name : null;
        switch (constraint.Kind)
        {
            case TableConstraintKind.Check:
                yield return new PendingConstraint($"CHECK {table} ({constraint.ExpressionText})", rows, new CheckTest(constraint.Expression!), NotValidName: notValid);
                break;
            case TableConstraintKind.ForeignKey:
                var columns = constraint.Keys.Select(k => k.Name).ToList();
                var target = constraint.Reference!;
                yield return new PendingConstraint($"FOREIGN KEY {table} {constraint.KeyList} → {target}", rows,
                    new ReferenceTest(columns, target.Table, target.Columns, target.MatchFull), NotValidName: notValid);
                break;
            case TableConstraintKind.Unique or TableConstraintKind.PrimaryKey:
                var primaryKey = constraint.Kind == TableConstraintKind.PrimaryKey;
                var words = $"{(primaryKey ? "PRIMARY KEY" : "UNIQUE")} {table} {constraint.KeyList}";
                if (constraint.Keys.Any(k => k.IsExpression))
                {
                    yield return new PendingConstraint(words, rows, new NotAuditable("a key is an expression: the audit checks plain columns only"));
                    break;
                }
                // A primary key makes its columns NOT NULL on PostgreSQL (the only engine that can ADD one).
                if (primaryKey && withNullChecks)
                {
                    foreach (var key in constraint.Keys)
                        yield return new PendingConstraint($"NOT NULL {table}.{key.Name} (PRIMARY KEY)", rows, new NullTest(key.Name));
                }
                yield return new PendingConstraint(words, rows, new DuplicateTest(constraint.Keys, constraint.NullsNotDistinct, null));
                break;
            case TableConstraintKind.UsingIndex:
                // The index already holds the keys unique; only the NOT NULL of a primary key is new, on columns
                // the statement does not name.
                if (constraint.Text.StartsWith("PRIMARY", StringComparison.OrdinalIgnoreCase))
                    yield return new PendingConstraint($"{constraint.Text} on {table}", rows,
                        new NotAuditable("PRIMARY KEY USING INDEX: the index's columns are not read, so NULLs in them are not counted"));
                break;
            default:
                yield return new PendingConstraint($"{constraint.Text} on {table}", rows,
                    new NotAuditable("the audit does not read this kind of constraint"));
                break;
        }
    }
}
