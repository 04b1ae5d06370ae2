namespace Cutover.Sql;

/// <summary>
/// What a DDL or DML statement is and the parts of it a reader needs: the table it targets, the columns and
/// constraints a CREATE TABLE defines, the keys and predicate of a CREATE INDEX, the actions of an ALTER TABLE.
/// Read from the lexer's tokens, so quotes and comments cannot mislead it; a form it does not know reads as
/// nothing rather than failing.
/// </summary>
public sealed class StatementShape
{
    internal StatementShape(StatementTokens tokens, StatementKind kind)
    {
        Tokens = tokens;
        Kind = kind;
    }

    /// <summary>Reads <paramref name="sql"/>, one statement, by the lexical rules of <paramref name="dialect"/>.</summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static StatementShape Parse(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return StatementShapeReader.Read(StatementTokens.Of(sql, dialect));
    }

    /// <summary>The columns of a CREATE TABLE, in order; the added column of an ALTER TABLE is under its action.</summary>
    public IReadOnlyList<ColumnShape> Columns { get; internal init; } = [];

    /// <summary>The table constraints of a CREATE TABLE, in order.</summary>
    public IReadOnlyList<ConstraintShape> Constraints { get; internal init; } = [];

    /// <summary>The keys of a CREATE INDEX, each a column or an expression as tokens.</summary>
    public IReadOnlyList<IReadOnlyList<SqlToken>> IndexKeys => IndexKeyRanges.Select(k => Tokens.Range(k.Start, k.End)).ToList();

    /// <summary>The WHERE predicate of a partial CREATE INDEX; null when the index is not partial.</summary>
    public IReadOnlyList<SqlToken>? IndexPredicate => PredicateStart < 0 ? null : Tokens.Range(PredicateStart, Tokens.Count);

    internal StatementTokens Tokens { get; }

    /// <summary>What the statement is.</summary>
    public StatementKind Kind { get; }

    /// <summary>The first bare word, upper-cased (WITH for a statement with CTEs); null when there is none.</summary>
    public string? Verb => Tokens.All.Where(t => t.Kind == SqlTokenKind.Word).Select(t => t.Text.ToUpperInvariant()).FirstOrDefault();

    /// <summary>The table created, altered or indexed.</summary>
    public TableName? Table { get; internal init; }

    /// <summary>Whether IF NOT EXISTS is written (CREATE TABLE, CREATE INDEX).</summary>
    public bool IfNotExists { get; internal init; }

    /// <summary>Whether a CREATE TABLE lists its columns (AS SELECT and PARTITION OF do not).</summary>
    public bool HasColumnList { get; internal init; }

    /// <summary>SQLite: whether the table is declared WITHOUT ROWID.</summary>
    public bool WithoutRowid { get; internal init; }

    /// <summary>The index's name, folded; null when PostgreSQL is left to choose it.</summary>
    public string? IndexName { get; internal init; }

    /// <summary>Whether the index is UNIQUE.</summary>
    public bool Unique { get; internal init; }

    /// <summary>PostgreSQL: whether the index is built CONCURRENTLY.</summary>
    public bool Concurrently { get; internal init; }

    /// <summary>Every name inside the index's key list, folded.</summary>
    public IReadOnlyList<string> IndexColumns { get; internal init; } = [];

    /// <summary>Where the index's key list opens; the statement's length when it has none.</summary>
    public int KeysStart { get; internal init; }

    /// <summary>Just past the index's key list.</summary>
    public int KeysEnd { get; internal init; }

    /// <summary>The token range of each key of a CREATE INDEX.</summary>
    public IReadOnlyList<(int Start, int End)> IndexKeyRanges { get; internal init; } = [];

    /// <summary>Where a partial index's predicate starts, after WHERE; -1 when there is none.</summary>
    public int PredicateStart { get; internal init; } = -1;

    /// <summary>The actions of an ALTER TABLE, in order.</summary>
    public IReadOnlyList<AlterAction> Actions { get; internal init; } = [];

    /// <summary>The names a DROP removes, folded.</summary>
    public IReadOnlyList<string> Dropped { get; internal init; } = [];
}
