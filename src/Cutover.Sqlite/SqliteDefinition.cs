using Cutover.Sql;

namespace Cutover.Sqlite;

/// <summary>
/// Reads what SQLite's pragmas do not report from the CREATE text it keeps in sqlite_schema: index key
/// expressions, partial-index predicates and view queries, rendered as the schema model writes expressions.
/// Table definitions are read with the engine's <see cref="StatementShape"/>.
/// </summary>
internal static class SqliteDefinition
{
    /// <summary>The key columns or expressions of a CREATE INDEX, and its WHERE predicate.</summary>
    public static (List<string> Keys, string? Predicate) Index(string createSql)
    {
        var shape = StatementShape.Parse(createSql, SqlDialect.Sqlite);
        return (shape.IndexKeys.Select(Text).ToList(), shape.IndexPredicate is { } predicate ? Text(predicate) : null);
    }

    /// <summary>The query of a CREATE VIEW: everything after its first AS.</summary>
    public static string ViewQuery(string createSql)
    {
        var tokens = SqlLexer.Tokenize(createSql, SqlDialect.Sqlite).Where(t => t.IsSignificant && !t.IsPunct(';')).ToList();
        var @as = tokens.FindIndex(t => t.IsWord("AS"));
        return Text(tokens.Skip(@as + 1).ToList());
    }

    /// <summary>Tokens joined with single spaces, except around parentheses, dots and commas.</summary>
    public static string Text(IReadOnlyList<SqlToken> tokens)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var glue = i == 0 || t.IsPunct(')') || t.IsPunct(',') || t.IsPunct('.') || tokens[i - 1].IsPunct('(') || tokens[i - 1].IsPunct('.')
                || (t.IsPunct('(') && tokens[i - 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && !Operators.Contains(tokens[i - 1].Text));
            if (!glue)
                text.Append(' ');
            text.Append(t.Text);
        }
        return text.ToString();
    }

    // Words before "(" that are operators, not function names: they keep their space.
    private static readonly HashSet<string> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        "IN", "AND", "OR", "NOT", "EXISTS", "AS", "ON", "WHERE", "WHEN", "THEN", "ELSE", "CASE", "SELECT", "FROM", "VALUES", "BETWEEN", "IS", "LIKE", "USING",
    };
}
