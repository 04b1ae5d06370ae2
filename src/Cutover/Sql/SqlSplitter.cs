namespace Cutover.Sql;

/// <summary>Splits SQL text into statements at top-level semicolons, by a dialect's lexical rules.</summary>
public static class SqlSplitter
{
    /// <summary>
    /// Splits <paramref name="sql"/> into statements. Semicolons inside strings, quoted identifiers, dollar
    /// quotes, comments, SQLite trigger bodies (<c>BEGIN … END</c>) and PostgreSQL <c>BEGIN ATOMIC … END</c>
    /// bodies do not split. Statements made only of comments are dropped. Lines are counted from
    /// <paramref name="firstLine"/>, so they match the migration file.
    /// </summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static IReadOnlyList<SqlStatement> Split(string sql, SqlDialect dialect, string path = "<sql>", int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlLexer.Tokenize(sql, dialect, path, firstLine);
        var statements = new List<SqlStatement>();
        int? first = null;
        var last = -1;
        var words = 0;
        var bodyDepth = 0;
        var inTrigger = false;
        var previousWord = "";

        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.IsTrivia)
                continue;
            if (token.IsPunctuation(sql, ';') && bodyDepth == 0)
            {
                Flush();
                continue;
            }
            first ??= t;
            last = t;
            if (token.Kind != SqlTokenKind.Word)
                continue;

            var word = sql.Substring(token.Start, token.Length).ToUpperInvariant();
            words++;
            if (words <= 4 && word == "TRIGGER" && dialect == SqlDialect.Sqlite)
                inTrigger = true;
            if ((inTrigger && word == "BEGIN") || (word == "ATOMIC" && previousWord == "BEGIN" && dialect == SqlDialect.Postgres))
                bodyDepth++;
            else if (bodyDepth > 0 && word == "CASE")
                bodyDepth++;
            else if (bodyDepth > 0 && word == "END")
                bodyDepth--;
            previousWord = word;
        }
        Flush();
        return statements;

        void Flush()
        {
            if (first is int f)
            {
                var start = tokens[f].Start;
                var stop = tokens[last].Start + tokens[last].Length;
                statements.Add(new SqlStatement(sql[start..stop], tokens[f].Line));
            }
            first = null;
            words = 0;
            bodyDepth = 0;
            inTrigger = false;
            previousWord = "";
        }
    }

    /// <summary>
    /// Whether <paramref name="keyword"/> appears in the statement as a bare word — not inside a string,
    /// a quoted identifier or a comment.
    /// </summary>
    public static bool ContainsKeyword(string statementText, SqlDialect dialect, string keyword)
    {
        ArgumentNullException.ThrowIfNull(statementText);
        foreach (var token in SqlLexer.Tokenize(statementText, dialect, "<sql>", 1))
        {
            if (token.IsWord(statementText, keyword))
                return true;
        }
        return false;
    }
}
