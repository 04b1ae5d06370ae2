using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// One key of a UNIQUE or PRIMARY KEY list or of a unique index: a plain column (with its collation, which decides
/// what counts as a duplicate), or an expression the audit does not evaluate.
/// </summary>
/// <param name="Name">The column, folded; for an expression, its text.</param>
/// <param name="Sql">What to group by: the quoted column and its COLLATE clause.</param>
/// <param name="IsExpression">Whether the key is an expression rather than a column.</param>
internal sealed record IndexKey(string Name, string Sql, bool IsExpression)
{
    /// <summary>Reads the keys in the parenthesised list that opens at <paramref name="open"/>.</summary>
    public static List<IndexKey> ReadList(StatementTokens s, int open)
    {
        var close = s.SkipGroup(open) - 1;
        return s.SplitTopLevel(open + 1, close).Select(part => Read(s, part.Start, part.End)).ToList();
    }

    /// <summary>The keys of a table constraint's UNIQUE, PRIMARY KEY or FOREIGN KEY list; none for other kinds.</summary>
    public static List<IndexKey> Of(ConstraintShape constraint) =>
        constraint.Keys.Select(part => Read(constraint.Tokens, part.Start, part.End)).ToList();

    /// <summary>The plain column names of a parenthesised list (INSERT column lists).</summary>
    public static List<string> ReadNames(StatementTokens s, int open) => ReadList(s, open).Select(k => k.Name).ToList();

    private static IndexKey Read(StatementTokens s, int start, int end)
    {
        if (start >= end)
            return new IndexKey("", "", IsExpression: true);
        var first = s.Token(start);
        // ASC, DESC, NULLS FIRST, an operator class or a collation are words; a call, a cast or an operator is not.
        var plain = first.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
            && s[start + 1] is not ("(" or ".")
            && Enumerable.Range(start + 1, end - start - 1).All(k => s.Token(k).Kind != SqlTokenKind.Punct || (s[k] == "." && s.Has("COLLATE", start, k)));
        if (!plain)
            return new IndexKey(s.TextOf(start, end), "", IsExpression: true);

        var name = s.NameAt(start);
        var sql = SchemaText.Quote(name);
        var collate = s.Find("COLLATE", start + 1, end);
        if (collate >= 0)
        {
            var after = collate + 1;
            s.ReadName(ref after);
            sql += " COLLATE " + s.SourceOf(collate + 1, after);
        }
        return new IndexKey(name, sql, IsExpression: false);
    }
}
