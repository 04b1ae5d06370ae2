namespace Cutover.Sql;

/// <summary>
/// Tokenises SQL by a dialect's quoting rules, so that semicolons and keywords inside strings, quoted
/// identifiers, dollar quotes and comments are never mistaken for structure.
/// </summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text, SqlDialect dialect, string path, int firstLine)
    {
        var tokens = new List<SqlToken>();
        var line = firstLine;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var startLine = line;
            var kind = Next(text, dialect, ref i, path, startLine);
            for (var j = start; j < i; j++)
            {
                if (text[j] == '\n')
                    line++;
            }
            tokens.Add(new SqlToken(kind, start, i - start, startLine));
        }
        return tokens;
    }

    private static SqlTokenKind Next(string text, SqlDialect dialect, ref int i, string path, int line)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        if (char.IsWhiteSpace(c))
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            return SqlTokenKind.Whitespace;
        }
        if (c == '-' && next == '-')
        {
            while (i < text.Length && text[i] != '\n')
                i++;
            return SqlTokenKind.LineComment;
        }
        if (c == '/' && next == '*')
        {
            SkipBlockComment(text, dialect, ref i, path, line);
            return SqlTokenKind.BlockComment;
        }
        if (c == '\'')
        {
            SkipQuoted(text, ref i, '\'', backslashEscapes: false, "string", path, line);
            return SqlTokenKind.String;
        }
        if (c == '"')
        {
            SkipQuoted(text, ref i, '"', backslashEscapes: false, "quoted identifier", path, line);
            return SqlTokenKind.QuotedIdentifier;
        }
        if (dialect == SqlDialect.Sqlite && c == '`')
        {
            SkipQuoted(text, ref i, '`', backslashEscapes: false, "quoted identifier", path, line);
            return SqlTokenKind.QuotedIdentifier;
        }
        if (dialect == SqlDialect.Sqlite && c == '[')
        {
            var close = text.IndexOf(']', i + 1);
            if (close < 0)
                throw Unterminated(path, line, "bracketed identifier");
            i = close + 1;
            return SqlTokenKind.QuotedIdentifier;
        }
        if (dialect == SqlDialect.Postgres && (c is 'E' or 'e') && next == '\'' && !PrecededByWordChar(text, i))
        {
            i++;
            SkipQuoted(text, ref i, '\'', backslashEscapes: true, "string", path, line);
            return SqlTokenKind.String;
        }
        if (dialect == SqlDialect.Postgres && c == '$' && TryDollarTag(text, i, out var tag))
        {
            var close = text.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
            if (close < 0)
                throw Unterminated(path, line, $"dollar quote {tag}");
            i = close + tag.Length;
            return SqlTokenKind.DollarString;
        }
        if (IsWordChar(c, dialect))
        {
            while (i < text.Length && IsWordChar(text[i], dialect))
                i++;
            return SqlTokenKind.Word;
        }
        i++;
        return SqlTokenKind.Punctuation;
    }

    private static bool IsWordChar(char c, SqlDialect dialect) =>
        char.IsLetterOrDigit(c) || c == '_' || (dialect == SqlDialect.Postgres && c == '$') || c > 127 && !char.IsWhiteSpace(c);

    private static bool PrecededByWordChar(string text, int i) => i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == '_');

    /// <summary>A dollar quote opens with $$ or $tag$ where tag is an identifier; $1 is a parameter.</summary>
    private static bool TryDollarTag(string text, int i, out string tag)
    {
        tag = "";
        var j = i + 1;
        if (j < text.Length && text[j] != '$' && !(char.IsLetter(text[j]) || text[j] == '_'))
            return false;
        while (j < text.Length && text[j] != '$')
        {
            if (!(char.IsLetterOrDigit(text[j]) || text[j] == '_'))
                return false;
            j++;
        }
        if (j >= text.Length)
            return false;
        tag = text[i..(j + 1)];
        return true;
    }

    private static void SkipQuoted(string text, ref int i, char quote, bool backslashEscapes, string what, string path, int line)
    {
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                i++;
                return;
            }
            i++;
        }
        throw Unterminated(path, line, what);
    }

    private static void SkipBlockComment(string text, SqlDialect dialect, ref int i, string path, int line)
    {
        var depth = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // PostgreSQL nests block comments; SQLite ends at the first */.
                if (depth == 0 || dialect == SqlDialect.Postgres)
                    depth++;
                i += 2;
            }
            else if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                    return;
            }
            else
            {
                i++;
            }
        }
        throw Unterminated(path, line, "block comment");
    }

    private static CutoverException Unterminated(string path, int line, string what) =>
        CutoverException.BadInput($"{path}:{line}: unterminated {what} starting here", "close it, or look for a stray quote or comment opener");
}
