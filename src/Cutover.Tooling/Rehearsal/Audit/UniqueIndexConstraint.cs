using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// <c>CREATE UNIQUE INDEX … ON table (columns) [WHERE predicate]</c>: duplicates among the rows the predicate
/// selects. Indexes on expressions are not evaluated.
/// </summary>
internal static class UniqueIndexConstraint
{
    /// <summary>The constraint, or null when the statement is not a unique index the reader recognises.</summary>
    public static PendingConstraint? Read(LintStatement s)
    {
        if (s.Shape is not { Kind: StatementKind.CreateIndex, Unique: true, Table: { } table } index)
            return null;
        var rows = new TableRows(table);
        if (index.KeysStart >= s.Count)
            return new PendingConstraint($"UNIQUE {table}", rows, new NotAuditable("the index's column list was not found"));

        var keys = IndexKey.ReadList(s.Sql, index.KeysStart);
        var where = index.PredicateStart - 1;
        var predicate = where >= 0 ? s.SourceOf(where + 1, s.Count) : null;
        var words = $"UNIQUE {table} ({string.Join(", ", keys.Select(k => k.Name))})" + (where >= 0 ? " WHERE " + s.TextOf(where + 1, s.Count) : "");
        if (keys.Any(k => k.IsExpression))
            return new PendingConstraint(words, rows, new NotAuditable("an index on an expression: the audit checks plain columns only"));
        var nullsNotDistinct = s.HasSequence(index.KeysEnd, s.Count, "NULLS", "NOT", "DISTINCT");
        return new PendingConstraint(words, rows, new DuplicateTest(keys, nullsNotDistinct, predicate));
    }
}
