namespace Cutover.Sql;

/// <summary>
/// Splits the SQL of a migration step into statements at top-level semicolons, by the lexical
/// rules of a <see cref="SqlDialect"/>, and answers keyword questions about statements without
/// being fooled by strings, quoted identifiers or comments.
/// </summary>
internal static class SqlSplitter
{
    /// <summary>
    /// Splits <paramref name="sql"/> into statements. A <c>;</c> ends a statement unless it is inside
    /// a string, quoted identifier, comment, dollar quote, or a trigger or <c>BEGIN ATOMIC</c> body.
    /// Statements holding only comments and white space are dropped.
    /// </summary>
    /// <param name="sql">The text to split.</param>
    /// <param name="dialect">The lexical rules to apply.</param>
    /// <param name="path">The file named in error messages.</param>
    /// <param name="firstLine">The file line on which <paramref name="sql"/> starts, so statement lines are file lines.</param>
    /// <returns>The statements, each without its terminating <c>;</c>, trimmed, with the line of its first token.</returns>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static IReadOnlyList<SqlStatement> Split(string sql, SqlDialect dialect, string path = "<sql>", int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<SqlStatement>();
        var body = new CompoundBodyTracker(dialect);

        // The line of the last split: a comment on that line after the ';' belongs with the
        // statement it follows, so the next statement's text starts on a later line.
        var splitLine = firstLine - 1;
        int? textStart = null;
        int? statementLine = null;

        foreach (var token in SqlLexer.Tokenize(sql, dialect, path, firstLine))
        {
            if (token.Kind == SqlTokenKind.Comment)
            {
                if (textStart is null && token.Line > splitLine)
                {
                    textStart = token.Start;
                }
                continue;
            }
            if (!token.IsSignificant)
            {
                continue;
            }

            if (token.IsPunct(';') && body.Depth == 0)
            {
                if (statementLine is { } line)
                {
                    statements.Add(new SqlStatement(sql[textStart!.Value..token.Start].Trim(), line));
                }
                splitLine = token.Line;
                textStart = null;
                statementLine = null;
                body.Reset();
                continue;
            }

            textStart ??= token.Start;
            statementLine ??= token.Line;
            body.Observe(token);
        }

        if (statementLine is { } lastLine)
        {
            statements.Add(new SqlStatement(sql[textStart!.Value..].Trim(), lastLine));
        }
        return statements;
    }

    /// <summary>Whether <paramref name="sql"/> holds nothing but comments and white space.</summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static bool IsOnlyComments(string sql, SqlDialect dialect) =>
        !SqlLexer.Tokenize(sql, dialect).Any(t => t.IsSignificant);

    /// <summary>
    /// Whether <paramref name="keyword"/> appears in the statement as a bare word (case-insensitive),
    /// not inside a string, a quoted identifier or a comment; for example <c>CONCURRENTLY</c>.
    /// </summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static bool ContainsKeyword(string statementText, SqlDialect dialect, string keyword) =>
        SqlLexer.Tokenize(statementText, dialect).Any(t => t.IsWord(keyword));

    /// <summary>Whether <paramref name="keyword"/> appears in the statement as a bare word; see <see cref="ContainsKeyword(string, SqlDialect, string)"/>.</summary>
    public static bool ContainsKeyword(this SqlStatement statement, SqlDialect dialect, string keyword)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return ContainsKeyword(statement.Text, dialect, keyword);
    }

    /// <summary>
    /// The first <paramref name="count"/> bare words of the statement, upper-cased, for example
    /// <c>["CREATE", "UNIQUE", "INDEX"]</c>. Comments, strings, quoted identifiers, numbers and
    /// punctuation are skipped; fewer are returned when the statement has fewer words.
    /// </summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static IReadOnlyList<string> LeadingKeywords(string statementText, SqlDialect dialect, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SqlLexer.Tokenize(statementText, dialect)
            .Where(t => t.Kind == SqlTokenKind.Word)
            .Take(count)
            .Select(t => t.Text.ToUpperInvariant())
            .ToList();
    }

    /// <summary>The first <paramref name="count"/> bare words of the statement, upper-cased; see <see cref="LeadingKeywords"/>.</summary>
    public static IReadOnlyList<string> Keywords(this SqlStatement statement, SqlDialect dialect, int count)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return LeadingKeywords(statement.Text, dialect, count);
    }
}
