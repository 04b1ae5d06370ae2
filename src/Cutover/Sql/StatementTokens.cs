namespace Cutover.Sql;

/// <summary>
/// The significant tokens of one statement, indexed, with the cursor helpers every statement reader uses:
/// upper-cased words, keyword sequences, qualified names, parenthesised groups and top-level commas.
/// Reading past the end gives "" rather than throwing, so a truncated statement reads as an unmatched shape.
/// </summary>
internal sealed class StatementTokens
{
    private readonly SqlToken[] _tokens;
    private readonly string[] _upper;

    /// <param name="text">The text the tokens' offsets point into.</param>
    /// <param name="significant">The statement's tokens without comments and white space.</param>
    /// <param name="dialect">The dialect they were lexed with.</param>
    public StatementTokens(string text, IEnumerable<SqlToken> significant, SqlDialect dialect)
    {
        Text = text;
        Dialect = dialect;
        _tokens = significant.ToArray();
        _upper = _tokens.Select(t => t.Kind == SqlTokenKind.Word ? t.Text.ToUpperInvariant() : t.Text).ToArray();
    }

    public static StatementTokens Of(string sql, SqlDialect dialect) =>
        new(sql, SqlLexer.Tokenize(sql, dialect).Where(t => t.IsSignificant), dialect);

    public string Text { get; }

    public SqlDialect Dialect { get; }

    public int Count => _tokens.Length;

    public IReadOnlyList<SqlToken> All => _tokens;

    /// <summary>The word at <paramref name="i"/>, upper-cased; other tokens as written; "" past the end.</summary>
    public string this[int i] => i >= 0 && i < _upper.Length ? _upper[i] : "";

    public SqlToken Token(int i) => _tokens[i];

    /// <summary>The tokens [from, to), clamped to the statement.</summary>
    public IReadOnlyList<SqlToken> Range(int from, int to) => _tokens[Math.Min(from, Count)..Math.Clamp(to, from, Count)];

    /// <summary>Whether the words starting at <paramref name="i"/> are <paramref name="words"/>.</summary>
    public bool Is(int i, params string[] words)
    {
        for (var k = 0; k < words.Length; k++)
        {
            if (this[i + k] != words[k])
                return false;
        }
        return true;
    }

    /// <summary>The index of the first bare <paramref name="word"/> in [from, to), or -1.</summary>
    public int Find(string word, int from = 0, int to = int.MaxValue)
    {
        for (var i = Math.Max(from, 0); i < Math.Min(to, _upper.Length); i++)
        {
            if (_upper[i] == word && _tokens[i].Kind == SqlTokenKind.Word)
                return i;
        }
        return -1;
    }

    public bool Has(string word, int from = 0, int to = int.MaxValue) => Find(word, from, to) >= 0;

    /// <summary>Whether <paramref name="words"/> occur in sequence anywhere in [from, to).</summary>
    public bool HasSequence(int from, int to, params string[] words)
    {
        for (var i = from; i < Math.Min(to, _upper.Length); i++)
        {
            if (Is(i, words))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The identifier at <paramref name="i"/> folded as the engine compares it: unquoted names lower-cased,
    /// quoted ones taken literally. Rules and the audit match names in this form.
    /// </summary>
    public string Folded(int i)
    {
        if (i >= _tokens.Length)
            return "";
        var token = _tokens[i];
        return token.Kind == SqlTokenKind.QuotedIdentifier && token.Text.Length >= 2
            ? token.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : token.Text.ToLowerInvariant();
    }

    /// <summary>
    /// The identifier at <paramref name="i"/> as written, without its quotes: the form an engine's catalog
    /// reports. SQLite also accepts a string literal where an identifier goes, so its quotes come off too.
    /// </summary>
    public string Written(int i) => i < _tokens.Length ? Unquote(_tokens[i]) : "";

    /// <summary>An identifier token's name without its quotes, a doubled closing quote read as one.</summary>
    public static string Unquote(SqlToken token)
    {
        if (token.Kind is not (SqlTokenKind.QuotedIdentifier or SqlTokenKind.String) || token.Text.Length < 2)
            return token.Text;
        var close = token.Text[^1];
        return token.Text[1..^1].Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a possibly qualified name at <paramref name="i"/> (<c>a.b."C"</c>) and returns every part folded,
    /// with <paramref name="i"/> moved past it.
    /// </summary>
    public List<string> ReadQualifiedName(ref int i)
    {
        var parts = new List<string> { Folded(i) };
        i++;
        while (this[i] == "." && i + 1 < _tokens.Length)
        {
            parts.Add(Folded(i + 1));
            i += 2;
        }
        return parts;
    }

    /// <summary>Reads a possibly qualified name at <paramref name="i"/> and returns its last part, folded.</summary>
    public string ReadName(ref int i) => ReadQualifiedName(ref i)[^1];

    public string NameAt(int i) => ReadName(ref i);

    /// <summary>The index just past the parenthesised group that opens at <paramref name="open"/>.</summary>
    public int SkipGroup(int open)
    {
        var depth = 0;
        for (var i = open; i < _tokens.Length; i++)
        {
            if (_tokens[i].IsPunct('('))
                depth++;
            else if (_tokens[i].IsPunct(')') && --depth == 0)
                return i + 1;
        }
        return _tokens.Length;
    }

    /// <summary>Splits [from, to) at commas outside parentheses: the actions of ALTER TABLE, the elements of CREATE TABLE.</summary>
    public List<(int Start, int End)> SplitTopLevel(int from, int to)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            if (_tokens[i].IsPunct('('))
                depth++;
            else if (_tokens[i].IsPunct(')'))
                depth--;
            else if (_tokens[i].IsPunct(',') && depth == 0)
            {
                parts.Add((start, i));
                start = i + 1;
            }
        }
        if (start < to)
            parts.Add((start, to));
        return parts;
    }

    /// <summary>The exact source text of tokens [from, to), comments between them included: SQL to run again.</summary>
    public string SourceOf(int from, int to)
    {
        if (from >= to || from >= _tokens.Length)
            return "";
        var last = _tokens[Math.Min(to, _tokens.Length) - 1];
        return Text[_tokens[from].Start..(last.Start + last.Text.Length)];
    }

    /// <summary>The source text of tokens [from, to) on one line, shortened to 120 characters: for messages.</summary>
    public string TextOf(int from, int to)
    {
        var line = Schema.SchemaText.Normalise(SourceOf(from, to));
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
