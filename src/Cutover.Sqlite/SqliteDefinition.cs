using Cutover.Sql;

namespace Cutover.Sqlite;

/// <summary>
/// Reads what SQLite's pragmas do not report from the CREATE text it keeps in sqlite_schema: check
/// constraints, collations, generated-column expressions, constraint names, index key expressions and
/// partial-index predicates. Works on lexer tokens, so quotes and comments cannot mislead it.
/// </summary>
internal static class SqliteDefinition
{
    /// <summary>The comma-separated definitions inside the outermost parentheses of a CREATE TABLE.</summary>
    public static List<List<SqlToken>> TableParts(string createSql)
    {
        var tokens = Significant(createSql);
        var open = tokens.FindIndex(t => t.IsPunct('('));
        return open < 0 ? [] : SplitTopLevel(tokens, open + 1, out _);
    }

    /// <summary>The key columns or expressions of a CREATE INDEX, and its WHERE predicate.</summary>
    public static (List<string> Keys, string? Predicate) Index(string createSql)
    {
        var tokens = Significant(createSql);
        var on = tokens.FindIndex(t => t.IsWord("ON"));
        var open = tokens.FindIndex(on, t => t.IsPunct('('));
        var keys = SplitTopLevel(tokens, open + 1, out var close).Select(Text).ToList();
        var where = tokens.FindIndex(close, t => t.IsWord("WHERE"));
        return (keys, where < 0 ? null : Text(tokens.Skip(where + 1).ToList()));
    }

    /// <summary>The query of a CREATE VIEW: everything after its first AS.</summary>
    public static string ViewQuery(string createSql)
    {
        var tokens = Significant(createSql);
        var @as = tokens.FindIndex(t => t.IsWord("AS"));
        return Text(tokens.Skip(@as + 1).ToList());
    }

    /// <summary>The text of the parenthesised group that opens at <paramref name="open"/>, without the parentheses.</summary>
    public static string Group(List<SqlToken> tokens, int open, out int close)
    {
        var depth = 0;
        for (close = open; close < tokens.Count; close++)
        {
            if (tokens[close].IsPunct('('))
                depth++;
            else if (tokens[close].IsPunct(')') && --depth == 0)
                break;
        }
        return Text(tokens.Skip(open + 1).Take(close - open - 1).ToList());
    }

    /// <summary>An identifier token's name without its quotes.</summary>
    public static string Unquote(SqlToken token) => token.Kind == SqlTokenKind.QuotedIdentifier || token.Kind == SqlTokenKind.String
        ? token.Text[1..^1].Replace(token.Text[0] == '[' ? "]]" : new string(token.Text[0], 2), token.Text[0] == '[' ? "]" : token.Text[0].ToString(), StringComparison.Ordinal)
        : token.Text;

    /// <summary>Tokens joined with single spaces, except around parentheses, dots and commas.</summary>
    public static string Text(List<SqlToken> tokens)
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

    private static List<SqlToken> Significant(string sql) =>
        SqlLexer.Tokenize(sql, SqlDialect.Sqlite).Where(t => t.IsSignificant && !t.IsPunct(';')).ToList();

    private static List<List<SqlToken>> SplitTopLevel(List<SqlToken> tokens, int start, out int close)
    {
        var parts = new List<List<SqlToken>> { new() };
        var depth = 0;
        for (close = start; close < tokens.Count; close++)
        {
            var t = tokens[close];
            if (t.IsPunct('('))
                depth++;
            else if (t.IsPunct(')') && depth-- == 0)
                break;
            if (depth == 0 && t.IsPunct(','))
                parts.Add([]);
            else
                parts[^1].Add(t);
        }
        return parts;
    }
}
