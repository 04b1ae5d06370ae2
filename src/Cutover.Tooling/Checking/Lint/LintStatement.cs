using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>
/// One statement of a migration as the lint rules read it: its significant tokens with upper-cased words,
/// the step it is in, and the <c>-- cutover:allow</c> comments written above or inside it.
/// </summary>
internal sealed class LintStatement
{
    private readonly Lazy<StatementShape> _shape;

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
        Sql = new StatementTokens(statement.Text, all.Where(t => t.IsSignificant), dialect);
        Allows = all.Where(t => t.Kind == SqlTokenKind.Comment && Directive.IsAllow(t.Text)).Select(t => (t.Text, t.Line)).ToList();
        _shape = new Lazy<StatementShape>(() => StatementShapeReader.Read(Sql));
    }

    public SqlStatement Statement { get; }

    public MigrationStep Step { get; }

    public int StepIndex { get; }

    public SqlDialect Dialect { get; }

    public int Line => Statement.Line;

    /// <summary>The statement's significant tokens, which every shape's token positions index.</summary>
    public StatementTokens Sql { get; }

    /// <summary>What the statement is, read once for every rule.</summary>
    public StatementShape Shape => _shape.Value;

    public int Count => Sql.Count;

    /// <summary>The <c>-- cutover:allow</c> comments that belong to this statement, with their lines.</summary>
    public IReadOnlyList<(string Text, int Line)> Allows { get; }

    /// <summary>The word at <paramref name="i"/>, upper-cased; other tokens as written; "" past the end.</summary>
    public string this[int i] => Sql[i];

    public SqlToken Token(int i) => Sql.Token(i);

    public int LineAt(int i) => i < Count ? Sql.Token(i).Line : Line;

    public IEnumerable<SqlToken> Tokens => Sql.All;

    public bool Is(int i, params string[] words) => Sql.Is(i, words);

    public bool StartsWith(params string[] words) => Sql.Is(0, words);

    public int Find(string word, int from = 0, int to = int.MaxValue) => Sql.Find(word, from, to);

    public bool Has(string word, int from = 0, int to = int.MaxValue) => Sql.Has(word, from, to);

    public bool HasSequence(int from, int to, params string[] words) => Sql.HasSequence(from, to, words);

    /// <summary>Reads a possibly qualified name at <paramref name="i"/> and returns its last part, folded.</summary>
    public string ReadName(ref int i) => Sql.ReadName(ref i);

    public string NameAt(int i) => Sql.NameAt(i);

    /// <summary>Reads a possibly qualified name at <paramref name="i"/> and returns every part, folded.</summary>
    public List<string> ReadQualifiedName(ref int i) => Sql.ReadQualifiedName(ref i);

    public int SkipGroup(int open) => Sql.SkipGroup(open);

    public List<(int Start, int End)> SplitTopLevel(int from, int to) => Sql.SplitTopLevel(from, to);

    /// <summary>The exact source text of tokens [from, to), comments between them included: SQL to run again.</summary>
    public string SourceOf(int from, int to) => Sql.SourceOf(from, to);

    /// <summary>The source text of tokens [from, to), for messages.</summary>
    public string TextOf(int from, int to) => Sql.TextOf(from, to);
}
