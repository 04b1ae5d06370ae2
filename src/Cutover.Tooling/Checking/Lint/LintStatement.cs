using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>
/// One statement of a migration as the lint rules read it: its significant tokens with upper-cased words,
/// the step it is in, and the <c>-- cutover:allow</c> comments written above or inside it.
/// </summary>
internal sealed class LintStatement
{
    private readonly SqlToken[] _tokens;
    private readonly string[] _upper;

    public LintStatement(SqlStatement statement, MigrationStep step, int stepIndex, SqlDialect dialect, string path)
    {
        Statement = statement;
        Step = step;
        StepIndex = stepIndex;
        Dialect = dialect;
        // The text may start with comments on earlier lines, and statement.Line is the line of its first
        // significant token: lex once from line 0, then shift every token so lines are file lines.
        var all = SqlLexer.Tokenize(statement.Text, dialect, path, 0).ToList();
        var shift = statement.Line - (all.FirstOrDefault(t => t.IsSignificant) is { Text.Length: > 0 } first ? first.Line : 0);
        for (var i = 0; i < all.Count; i++)
            all[i] = all[i] with { Line = all[i].Line + shift };
        _tokens = all.Where(t => t.IsSignificant).ToArray();
        _upper = _tokens.Select(t => t.Kind == SqlTokenKind.Word ? t.Text.ToUpperInvariant() : t.Text).ToArray();
        Allows = all.Where(t => t.Kind == SqlTokenKind.Comment && Directive.IsAllow(t.Text)).Select(t => (t.Text, t.Line)).ToList();
    }

    public SqlStatement Statement { get; }

    public MigrationStep Step { get; }

    public int StepIndex { get; }

    public SqlDialect Dialect { get; }

    public int Line => Statement.Line;

    public int Count => _tokens.Length;

    /// <summary>The <c>-- cutover:allow</c> comments that belong to this statement, with their lines.</summary>
    public IReadOnlyList<(string Text, int Line)> Allows { get; }

    /// <summary>The word at <paramref name="i"/>, upper-cased; other tokens as written; "" past the end.</summary>
    public string this[int i] => i >= 0 && i < _upper.Length ? _upper[i] : "";

    public SqlToken Token(int i) => _tokens[i];

    public int LineAt(int i) => i < _tokens.Length ? _tokens[i].Line : Line;

    public IEnumerable<SqlToken> Tokens => _tokens;

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

    public bool StartsWith(params string[] words) => Is(0, words);

    /// <summary>The index of the first <paramref name="word"/> at or after <paramref name="from"/> and before <paramref name="to"/>, or -1.</summary>
    public int Find(string word, int from = 0, int to = int.MaxValue)
    {
        for (var i = from; i < Math.Min(to, _upper.Length); i++)
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
    /// Reads a possibly qualified name at <paramref name="i"/> (<c>a.b."C"</c>) and returns its last part,
    /// normalised as the engine folds it (unquoted: lower case), with <paramref name="i"/> moved past it.
    /// </summary>
    public string ReadName(ref int i)
    {
        var name = NamePart(i);
        i++;
        while (this[i] == "." && i + 1 < _tokens.Length)
        {
            name = NamePart(i + 1);
            i += 2;
        }
        return name;
    }

    public string NameAt(int i) => ReadName(ref i);

    /// <summary>
    /// Reads a possibly qualified name at <paramref name="i"/> and returns every part (<c>app.users</c> gives
    /// <c>["app", "users"]</c>), each normalised as in <see cref="ReadName"/>, with <paramref name="i"/> moved past it.
    /// </summary>
    public List<string> ReadQualifiedName(ref int i)
    {
        var parts = new List<string> { NamePart(i) };
        i++;
        while (this[i] == "." && i + 1 < _tokens.Length)
        {
            parts.Add(NamePart(i + 1));
            i += 2;
        }
        return parts;
    }

    private string NamePart(int i)
    {
        if (i >= _tokens.Length)
            return "";
        var token = _tokens[i];
        return token.Kind == SqlTokenKind.QuotedIdentifier && token.Text.Length >= 2
            ? token.Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : token.Text.ToLowerInvariant();
    }

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
        return Statement.Text[_tokens[from].Start..(last.Start + last.Text.Length)];
    }

    /// <summary>The source text of tokens [from, to), for messages.</summary>
    public string TextOf(int from, int to)
    {
        if (from >= to || from >= _tokens.Length)
            return "";
        var first = _tokens[from];
        var last = _tokens[Math.Min(to, _tokens.Length) - 1];
        var text = Statement.Text[first.Start..(last.Start + last.Text.Length)];
        var line = Schema.SchemaText.Normalise(text);
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
