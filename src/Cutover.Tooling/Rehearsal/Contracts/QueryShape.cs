using Cutover.Sql;

namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// What a contract needs to know about its statement, read from tokens: whether it only reads
/// (a SELECT, or WITH … SELECT without data-modifying parts) and whether it has a top-level ORDER BY.
/// </summary>
internal static class QueryShape
{
    private static readonly HashSet<string> Statements = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE",
    };

    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE",
    };

    /// <summary>Why the statement is not a read-only query, or null when it is one.</summary>
    public static string? WhyNotAQuery(SqlStatement statement, SqlDialect dialect)
    {
        var tokens = SqlLexer.Tokenize(statement.Text, dialect).Where(t => t.IsSignificant).ToList();
        var first = tokens.FirstOrDefault(t => t.Kind == SqlTokenKind.Word);
        if (first.Text is null || !(first.IsWord("SELECT") || first.IsWord("WITH")))
        {
            return $"'{first.Text ?? tokens.FirstOrDefault().Text}' is not a query";
        }

        // A data-modifying CTE (PostgreSQL: WITH d AS (DELETE … RETURNING *) SELECT …) starts its
        // statement right after an opening parenthesis; FOR UPDATE and ON UPDATE do not.
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i - 1].IsPunct('(') && tokens[i].Kind == SqlTokenKind.Word && Writes.Contains(tokens[i].Text))
            {
                return $"it holds a data-modifying {tokens[i].Text.ToUpperInvariant()} in a WITH clause";
            }
        }

        if (first.IsWord("WITH"))
        {
            // The statement a WITH introduces is the first statement keyword outside parentheses.
            var main = TopLevel(tokens).FirstOrDefault(t => t.Kind == SqlTokenKind.Word && Statements.Contains(t.Text));
            if (!main.IsWord("SELECT"))
            {
                return main.Text is null ? "WITH introduces no SELECT" : $"WITH introduces '{main.Text}', not a SELECT";
            }
        }
        return null;
    }

    /// <summary>Whether the outermost query has ORDER BY (not one inside a subquery, CTE or window).</summary>
    public static bool HasTopLevelOrderBy(SqlStatement statement, SqlDialect dialect)
    {
        var topLevel = TopLevel(SqlLexer.Tokenize(statement.Text, dialect).Where(t => t.IsSignificant)).ToList();
        for (var i = 1; i < topLevel.Count; i++)
        {
            if (topLevel[i - 1].IsWord("ORDER") && topLevel[i].IsWord("BY"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The tokens outside every pair of parentheses.</summary>
    private static IEnumerable<SqlToken> TopLevel(IEnumerable<SqlToken> tokens)
    {
        var depth = 0;
        foreach (var token in tokens)
        {
            if (token.IsPunct('('))
            {
                depth++;
            }
            else if (token.IsPunct(')'))
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                yield return token;
            }
        }
    }
}
