namespace Cutover.Sql;

/// <summary>
/// Turns SQL text into tokens by the lexical rules of one dialect. It knows quoting and comments,
/// not grammar: enough to find statement boundaries and bare keywords without being fooled by a
/// <c>;</c> or a keyword inside a string, identifier or comment.
/// </summary>
public sealed class SqlLexer
{
    private readonly string _sql;
    private readonly SqlDialect _dialect;
    private readonly string _path;
    private int _pos;
    private int _line;

    private SqlLexer(string sql, SqlDialect dialect, string path, int firstLine)
    {
        _sql = sql;
        _dialect = dialect;
        _path = path;
        _line = firstLine;
    }

    /// <summary>
    /// Yields every token of <paramref name="sql"/>, white space and comments included, so the
    /// tokens' texts concatenate back to the input. Unterminated quotes and comments throw a
    /// <see cref="CutoverException"/> (bad input) naming <paramref name="path"/> and the line
    /// where they started.
    /// </summary>
    public static IEnumerable<SqlToken> Tokenize(string sql, SqlDialect dialect, string path = "<sql>", int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var lexer = new SqlLexer(sql, dialect, path, firstLine);
        while (lexer._pos < sql.Length)
        {
            yield return lexer.Next();
        }
    }

    private bool Postgres => _dialect == SqlDialect.Postgres;

    private char At(int i) => i < _sql.Length ? _sql[i] : '\0';

    private SqlToken Next()
    {
        var start = _pos;
        var c = _sql[start];
        var (kind, end) = c switch
        {
            _ when char.IsWhiteSpace(c) => (SqlTokenKind.Whitespace, ScanWhile(start, char.IsWhiteSpace)),
            '-' when At(start + 1) == '-' => (SqlTokenKind.Comment, ScanLineComment(start)),
            '/' when At(start + 1) == '*' => (SqlTokenKind.Comment, ScanBlockComment(start)),
            '\'' => (SqlTokenKind.String, ScanQuoted(start, start, '\'', backslashEscapes: false, "string")),
            '"' => (SqlTokenKind.QuotedIdentifier, ScanQuoted(start, start, '"', backslashEscapes: false, "quoted identifier")),
            '[' when !Postgres => (SqlTokenKind.QuotedIdentifier, ScanBracket(start)),
            '`' when !Postgres => (SqlTokenKind.QuotedIdentifier, ScanQuoted(start, start, '`', backslashEscapes: false, "backtick identifier")),
            // E'...' is the only PostgreSQL string where a backslash escapes the quote.
            'E' or 'e' when Postgres && At(start + 1) == '\'' =>
                (SqlTokenKind.String, ScanQuoted(start, start + 1, '\'', backslashEscapes: true, "string")),
            'U' or 'u' when Postgres && At(start + 1) == '&' && At(start + 2) == '\'' =>
                (SqlTokenKind.String, ScanQuoted(start, start + 2, '\'', backslashEscapes: false, "string")),
            'U' or 'u' when Postgres && At(start + 1) == '&' && At(start + 2) == '"' =>
                (SqlTokenKind.QuotedIdentifier, ScanQuoted(start, start + 2, '"', backslashEscapes: false, "quoted identifier")),
            '$' when Postgres => ScanPostgresDollar(start),
            '$' or ':' or '@' when !Postgres && IsWordStart(At(start + 1)) =>
                (SqlTokenKind.Parameter, ScanWhile(start + 1, IsWordPart)),
            '?' when !Postgres => (SqlTokenKind.Parameter, ScanWhile(start + 1, char.IsAsciiDigit)),
            '.' when char.IsAsciiDigit(At(start + 1)) => (SqlTokenKind.Number, ScanNumber(start)),
            _ when char.IsAsciiDigit(c) => (SqlTokenKind.Number, ScanNumber(start)),
            _ when IsWordStart(c) => (SqlTokenKind.Word, ScanWhile(start, IsWordPart)),
            _ => (SqlTokenKind.Punct, start + 1),
        };

        var token = new SqlToken(kind, _sql[start..end], start, _line);
        _line += CountLineBreaks(start, end, quoted: kind is SqlTokenKind.String or SqlTokenKind.QuotedIdentifier);
        _pos = end;
        return token;
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    // PostgreSQL allows '$' inside identifiers (a$1 is one word), which is also why a dollar
    // quote can only start where a token starts.
    private bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || (c == '$' && Postgres);

    private static bool IsTagPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private int ScanWhile(int i, Func<char, bool> predicate)
    {
        while (i < _sql.Length && predicate(_sql[i]))
        {
            i++;
        }
        return i;
    }

    private int ScanLineComment(int start)
    {
        var end = _sql.IndexOfAny(['\n', '\r'], start + 2);
        return end < 0 ? _sql.Length : end;
    }

    private int ScanBlockComment(int start)
    {
        // PostgreSQL nests block comments; SQLite (like the SQL standard before it) ends at the first */.
        var depth = 1;
        var i = start + 2;
        while (i < _sql.Length - 1)
        {
            if (_sql[i] == '*' && _sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else if (Postgres && _sql[i] == '/' && _sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else
            {
                i++;
            }
        }
        throw Unterminated("block comment",
            Postgres ? "close it with */ (PostgreSQL block comments nest: each /* needs its own */)" : "close it with */");
    }

    /// <summary>Scans a quoted token whose opening quote is at <paramref name="quoteAt"/>; a doubled quote is an escaped quote.</summary>
    private int ScanQuoted(int start, int quoteAt, char quote, bool backslashEscapes, string what)
    {
        var i = quoteAt + 1;
        while (i < _sql.Length)
        {
            var c = _sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
            }
            else if (c == quote)
            {
                if (At(i + 1) != quote)
                {
                    return i + 1;
                }
                i += 2;
            }
            else
            {
                i++;
            }
        }
        throw Unterminated(what, "close it, or check for a stray quote");
    }

    private int ScanBracket(int start)
    {
        var close = _sql.IndexOf(']', start + 1);
        return close >= 0 ? close + 1 : throw Unterminated("bracket identifier", "close it with ], or check for a stray [");
    }

    private (SqlTokenKind, int) ScanPostgresDollar(int start)
    {
        if (char.IsAsciiDigit(At(start + 1)))
        {
            return (SqlTokenKind.Parameter, ScanWhile(start + 1, char.IsAsciiDigit));
        }

        // A tag cannot start with a digit (that is a parameter, above); anything else that is not
        // $tag$ is a lone '$', which PostgreSQL would reject, so it is left to the server to say so.
        var tagEnd = IsWordStart(At(start + 1)) ? ScanWhile(start + 1, IsTagPart) : start + 1;
        if (At(tagEnd) != '$')
        {
            return (SqlTokenKind.Punct, start + 1);
        }

        var delimiter = _sql[start..(tagEnd + 1)];
        var close = _sql.IndexOf(delimiter, tagEnd + 1, StringComparison.Ordinal);
        return close >= 0
            ? (SqlTokenKind.String, close + delimiter.Length)
            : throw Unterminated($"dollar quote {delimiter}", $"close it with {delimiter}");
    }

    private int ScanNumber(int start)
    {
        var i = start;
        while (i < _sql.Length)
        {
            var c = _sql[i];
            if (char.IsLetterOrDigit(c) || c == '_' || c == '.')
            {
                i++;
            }
            else if ((c == '+' || c == '-') && (_sql[i - 1] is 'e' or 'E') && char.IsAsciiDigit(At(i + 1)))
            {
                // The sign of an exponent (1e-5) belongs to the number, not to an operator.
                i++;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private int CountLineBreaks(int start, int end, bool quoted)
    {
        var count = 0;
        for (var i = start; i < end; i++)
        {
            // \n, \r\n and a lone \r each end one line; but a lone \r inside a literal is a byte of its value,
            // which migration text keeps (MigrationText.Normalise), so lines there are counted as the parser counts them.
            if (_sql[i] == '\n' || (_sql[i] == '\r' && !quoted && At(i + 1) != '\n'))
            {
                count++;
            }
        }
        return count;
    }

    // Scanning happens before _line moves past the token, so _line is where it started.
    private InvalidFileException Unterminated(string what, string hint) =>
        new InvalidFileException(_path, _line, $"unterminated {what} starting here", hint);
}
