namespace Cutover.Sql;

/// <summary>
/// A constraint as a CREATE TABLE or ALTER TABLE writes it: a table constraint
/// (<c>[CONSTRAINT name] CHECK (…) | UNIQUE (…) | PRIMARY KEY (…) | FOREIGN KEY (…) REFERENCES …</c>) or
/// one clause of a column definition.
/// </summary>
public sealed class ConstraintShape
{
    private readonly StatementTokens _tokens;

    private ConstraintShape(StatementTokens tokens, ConstraintKind kind, int nameAt)
    {
        _tokens = tokens;
        Kind = kind;
        NameAt = nameAt;
    }

    /// <summary>What the constraint is.</summary>
    public ConstraintKind Kind { get; }

    /// <summary>The name given with <c>CONSTRAINT name</c>, without quotes, as written; null when unnamed.</summary>
    public string? Name => NameAt < 0 ? null : _tokens.Written(NameAt);

    /// <summary>The expression inside a CHECK's parentheses; empty for other kinds.</summary>
    public IReadOnlyList<SqlToken> Expression => _tokens.Range(ExpressionRange.Start, ExpressionRange.End);

    /// <summary>
    /// The columns a UNIQUE, PRIMARY KEY or FOREIGN KEY constrains, without quotes, as written: the column
    /// itself for a column constraint, else the first token of each key.
    /// </summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>Where the constraint's name is in the statement's significant tokens; -1 when unnamed.</summary>
    public int NameAt { get; }

    /// <summary>The statement's tokens, which <see cref="Keys"/> index.</summary>
    internal StatementTokens Tokens => _tokens;

    /// <summary>The name folded as the engine compares it.</summary>
    public string? FoldedName => NameAt < 0 ? null : _tokens.Folded(NameAt);

    /// <summary>Where the clause starts, at its <c>CONSTRAINT name</c> if it has one.</summary>
    public int Start { get; private set; }

    /// <summary>Where the clause starts after any <c>CONSTRAINT name</c>.</summary>
    public int BodyStart { get; private set; }

    /// <summary>Just past the clause's last token.</summary>
    public int End { get; private set; }

    /// <summary>The clause after its name, on one line, for messages.</summary>
    public string Text => _tokens.TextOf(BodyStart, End);

    /// <summary>The token range of a CHECK's expression, inside its parentheses.</summary>
    public (int Start, int End) ExpressionRange { get; private set; }

    /// <summary>The CHECK expression exactly as written, to run as SQL.</summary>
    public string ExpressionSource => _tokens.SourceOf(ExpressionRange.Start, ExpressionRange.End);

    /// <summary>The CHECK expression on one line, for messages.</summary>
    public string ExpressionText => _tokens.TextOf(ExpressionRange.Start, ExpressionRange.End);

    /// <summary>The token ranges of the keys of a table-level UNIQUE, PRIMARY KEY or FOREIGN KEY.</summary>
    public IReadOnlyList<(int Start, int End)> Keys { get; private set; } = [];

    /// <summary>What a FOREIGN KEY or REFERENCES clause points at; null for other kinds.</summary>
    public ForeignKeyTarget? Reference { get; private set; }

    /// <summary>UNIQUE or PRIMARY KEY USING INDEX: an existing index supplies the keys.</summary>
    public bool UsingIndex { get; private set; }

    /// <summary>Whether a UNIQUE constraint says NULLS NOT DISTINCT.</summary>
    public bool NullsNotDistinct { get; private set; }

    /// <summary>PostgreSQL: whether the constraint is added NOT VALID.</summary>
    public bool NotValid { get; private set; }

    private static readonly HashSet<string> TableConstraintWords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"];

    // SQLite has neither, and takes both words as column names.
    private static readonly HashSet<string> PostgresTableConstraintWords = ["EXCLUDE", "LIKE"];

    /// <summary>Whether the word at <paramref name="i"/> starts a table constraint rather than a column, in CREATE TABLE or after ADD.</summary>
    internal static bool StartsTableConstraint(StatementTokens s, int i) =>
        TableConstraintWords.Contains(s[i]) || (s.Dialect == SqlDialect.Postgres && PostgresTableConstraintWords.Contains(s[i]));

    /// <summary>Reads the table constraint in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    internal static ConstraintShape ReadTableConstraint(StatementTokens s, int start, int end)
    {
        var i = start;
        var nameAt = -1;
        if (s[i] == "CONSTRAINT")
        {
            nameAt = i + 1;
            i += 2;
        }
        var body = i;
        ConstraintShape Make(ConstraintKind kind) =>
            new(s, kind, nameAt) { Start = start, BodyStart = body, End = end, NotValid = s.HasSequence(body, end, "NOT", "VALID") };

        if (s[i] == "CHECK" && s[i + 1] == "(")
        {
            var check = Make(ConstraintKind.Check);
            check.SetExpression(s, i + 1);
            return check;
        }
        if (s[i] == "UNIQUE" || s.Is(i, "PRIMARY", "KEY"))
        {
            var kind = s[i] == "UNIQUE" ? ConstraintKind.Unique : ConstraintKind.PrimaryKey;
            i += kind == ConstraintKind.Unique ? 1 : 2;
            var nullsNotDistinct = s.Is(i, "NULLS", "NOT", "DISTINCT");
            if (nullsNotDistinct)
                i += 3;
            else if (s.Is(i, "NULLS", "DISTINCT"))
                i += 2;
            if (s.Is(i, "USING", "INDEX"))
            {
                var usingIndex = Make(kind);
                usingIndex.UsingIndex = true;
                return usingIndex;
            }
            if (s[i] != "(")
                return Make(ConstraintKind.Other);
            var keyed = Make(kind).WithKeys(s, i);
            keyed.NullsNotDistinct = nullsNotDistinct;
            return keyed;
        }
        if (s.Is(i, "FOREIGN", "KEY") && s[i + 2] == "(")
        {
            var r = s.SkipGroup(i + 2);
            if (s[r] == "REFERENCES")
            {
                var foreignKey = Make(ConstraintKind.ForeignKey).WithKeys(s, i + 2);
                foreignKey.Reference = ForeignKeyTarget.Read(s, ref r);
                return foreignKey;
            }
        }
        return Make(ConstraintKind.Other);
    }

    /// <summary>A clause of the column named at <paramref name="columnAt"/>, from <paramref name="start"/> to <paramref name="end"/>.</summary>
    internal static ConstraintShape ForColumn(StatementTokens s, ConstraintKind kind, int nameAt, int columnAt, int start, int end) =>
        new(s, kind, nameAt) { Start = start, BodyStart = start, End = end, Columns = [s.Written(columnAt)] };

    /// <summary>A column's CHECK whose parenthesised expression opens at <paramref name="open"/>.</summary>
    internal static ConstraintShape ColumnCheck(StatementTokens s, int nameAt, int start, int open)
    {
        var check = new ConstraintShape(s, ConstraintKind.Check, nameAt) { Start = start, BodyStart = start };
        check.SetExpression(s, open);
        return check;
    }

    internal void SetReference(ForeignKeyTarget reference) => Reference = reference;

    private ConstraintShape WithKeys(StatementTokens s, int open)
    {
        Keys = s.SplitTopLevel(open + 1, s.SkipGroup(open) - 1);
        Columns = Keys.Select(k => s.Written(k.Start)).ToList();
        return this;
    }

    private void SetExpression(StatementTokens s, int open)
    {
        var close = s.SkipGroup(open);
        ExpressionRange = (open + 1, close - 1);
        End = Math.Max(End, close);
    }
}
