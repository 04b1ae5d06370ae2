using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>
/// One statement of a migration as the lint rules read it: its significant tokens with upper-cased words,
/// the step it is in, and the <c>-- cutover:allow</c> comments written above or inside it.
/// </summary>
public sealed class LintStatement
{
    private readonly Lazy<StatementShape> _shape;

    internal LintStatement(SqlStatement statement, MigrationStep step, int stepIndex, SqlDialect dialect, string path)
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
        Sql = new StatementTokens(statement.Text, all.Where(t => t.IsSignificant), dialect);
        Allows = all.Where(t => t.Kind == SqlTokenKind.Comment && Directive.IsAllow(t.Text)).Select(t => (t.Text, t.Line)).ToList();
        _shape = new Lazy<StatementShape>(() => StatementShapeReader.Read(Sql));
    }

    /// <summary>The statement as the migration file holds it.</summary>
    public SqlStatement Statement { get; }

    /// <summary>The step it is in (its kind says up or down, transactional or not).</summary>
    public MigrationStep Step { get; }

    /// <summary>The step's position in the file.</summary>
    public int StepIndex { get; }

    /// <summary>The lexical rules it was read with.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The file line of its first significant token.</summary>
    public int Line => Statement.Line;

    /// <summary>The statement's significant tokens, which every shape's token positions index.</summary>
    internal StatementTokens Sql { get; }

    /// <summary>What the statement is, read once for every rule.</summary>
    public StatementShape Shape => _shape.Value;

    /// <summary>How many significant tokens it has.</summary>
    public int Count => Sql.Count;

    /// <summary>The <c>-- cutover:allow</c> comments that belong to this statement, with their lines.</summary>
    public IReadOnlyList<(string Text, int Line)> Allows { get; }

    /// <summary>The word at <paramref name="i"/>, upper-cased; other tokens as written; "" past the end.</summary>
    public string this[int i] => Sql[i];

    /// <summary>The significant token at <paramref name="i"/>.</summary>
    public SqlToken Token(int i) => Sql.Token(i);

    /// <summary>The file line of the token at <paramref name="i"/> (the statement's line past the end).</summary>
    public int LineAt(int i) => i < Count ? Sql.Token(i).Line : Line;

    /// <summary>Every significant token, in order.</summary>
    public IEnumerable<SqlToken> Tokens => Sql.All;

    /// <summary>Whether the words from <paramref name="i"/> on are <paramref name="words"/>.</summary>
    public bool Is(int i, params string[] words) => Sql.Is(i, words);

    /// <summary>Whether the statement starts with <paramref name="words"/>.</summary>
    public bool StartsWith(params string[] words) => Sql.Is(0, words);

    /// <summary>The position of <paramref name="word"/> in [from, to), or -1.</summary>
    public int Find(string word, int from = 0, int to = int.MaxValue) => Sql.Find(word, from, to);

    /// <summary>Whether <paramref name="word"/> occurs in [from, to).</summary>
    public bool Has(string word, int from = 0, int to = int.MaxValue) => Sql.Has(word, from, to);

    /// <summary>Whether <paramref name="words"/> occur in a row within [from, to).</summary>
    public bool HasSequence(int from, int to, params string[] words) => Sql.HasSequence(from, to, words);

    /// <summary>Reads a possibly qualified name at <paramref name="i"/> and returns its last part, folded.</summary>
    public string ReadName(ref int i) => Sql.ReadName(ref i);

    /// <summary>The last part of the possibly qualified name at <paramref name="i"/>, folded.</summary>
    public string NameAt(int i) => Sql.NameAt(i);

    /// <summary>Reads a possibly qualified name at <paramref name="i"/> and returns every part, folded.</summary>
    public List<string> ReadQualifiedName(ref int i) => Sql.ReadQualifiedName(ref i);

    /// <summary>Where the column name is after <c>COLUMN</c> and <c>IF [NOT] EXISTS</c> starting at <paramref name="i"/>.</summary>
    public int SkipColumnWords(int i) => StatementShapeReader.SkipColumnWords(Sql, i);

    /// <summary>The position after the parenthesised group opening at <paramref name="open"/>.</summary>
    public int SkipGroup(int open) => Sql.SkipGroup(open);

    /// <summary>The comma-separated parts of [from, to) outside parentheses.</summary>
    public List<(int Start, int End)> SplitTopLevel(int from, int to) => Sql.SplitTopLevel(from, to);

    /// <summary>The exact source text of tokens [from, to), comments between them included: SQL to run again.</summary>
    public string SourceOf(int from, int to) => Sql.SourceOf(from, to);

    /// <summary>The source text of tokens [from, to), for messages.</summary>
    public string TextOf(int from, int to) => Sql.TextOf(from, to);
}
