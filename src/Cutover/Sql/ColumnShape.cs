namespace Cutover.Sql;

/// <summary>A column as CREATE TABLE or ALTER TABLE … ADD COLUMN writes it: its name, type and constraint clauses.</summary>
public sealed class ColumnShape
{
    // Words that end the type and start a constraint clause.
    private static readonly HashSet<string> ClauseWords =
        ["CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "AS"];

    private static readonly HashSet<string> SerialTypes = ["serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"];

    private static readonly HashSet<string> CurrentValues = ["CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_DATE", "LOCALTIMESTAMP", "("];

    private readonly StatementTokens _tokens;
    private readonly List<ConstraintShape> _constraints = [];

    private ColumnShape(StatementTokens tokens, int nameAt)
    {
        _tokens = tokens;
        NameAt = nameAt;
    }

    /// <summary>The column's name without quotes, as written.</summary>
    public string Name => _tokens.Written(NameAt);

    /// <summary>The collation named by <c>COLLATE</c>, without quotes; null when there is none.</summary>
    public string? Collation => CollationAt < 0 ? null : _tokens.Written(CollationAt);

    /// <summary>The expression of a generated column (<c>[GENERATED ALWAYS] AS (expression)</c>), inside its parentheses; null for other columns.</summary>
    public IReadOnlyList<SqlToken>? Generated => GeneratedRange is { } range ? _tokens.Range(range.Start, range.End) : null;

    /// <summary>The column's constraint clauses (CHECK, UNIQUE, PRIMARY KEY, REFERENCES), in the order written.</summary>
    public IReadOnlyList<ConstraintShape> Constraints => _constraints;

    /// <summary>Where the column's name is in the statement's significant tokens.</summary>
    public int NameAt { get; }

    /// <summary>The name folded as the engine compares it.</summary>
    public string FoldedName { get; private set; } = "";

    /// <summary>The file line of the column's name.</summary>
    public int Line => _tokens.Token(NameAt).Line;

    /// <summary>The declared type, lower case, without spaces inside its parentheses: <c>numeric(12,2)</c>.</summary>
    public string Type { get; private set; } = "";

    /// <summary>An explicit NOT NULL (SQLite lets most primary keys hold NULL, so a PRIMARY KEY does not count).</summary>
    public bool ExplicitNotNull { get; private set; }

    /// <summary>Whether the column is declared PRIMARY KEY.</summary>
    public bool PrimaryKey => _constraints.Any(c => c.Kind == ConstraintKind.PrimaryKey);

    /// <summary>Whether the column is declared UNIQUE.</summary>
    public bool Unique => _constraints.Any(c => c.Kind == ConstraintKind.Unique);

    /// <summary>What the column's REFERENCES clause points at; null when it has none.</summary>
    public ForeignKeyTarget? Reference => _constraints.FirstOrDefault(c => c.Kind == ConstraintKind.ForeignKey)?.Reference;

    /// <summary>The column's CHECK clauses.</summary>
    public IEnumerable<ConstraintShape> Checks => _constraints.Where(c => c.Kind == ConstraintKind.Check);

    /// <summary>The DEFAULT expression on one line; null when there is none.</summary>
    public string? Default => DefaultRange is { } range ? _tokens.TextOf(range.Start, range.End) : null;

    /// <summary>Whether the column has a DEFAULT other than NULL: a value for rows that do not set it.</summary>
    public bool HasNonNullDefault => Default is { } value && !value.Equals("NULL", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the default is a constant: no call, no parenthesised expression, no CURRENT_TIMESTAMP and friends.</summary>
    public bool DefaultIsConstant { get; private set; } = true;

    /// <summary>The first function the default calls, folded; null when it calls none.</summary>
    public string? DefaultFunction { get; private set; }

    /// <summary>Whether the column is generated from an expression.</summary>
    public bool IsGenerated => GeneratedRange is not null;

    /// <summary>Whether a generated column is STORED.</summary>
    public bool GeneratedStored { get; private set; }

    /// <summary>IDENTITY or AUTOINCREMENT: the engine numbers the rows.</summary>
    public bool Identity { get; private set; }

    /// <summary>Whether the engine fills the column when an INSERT leaves it out: a generated, identity or serial column.</summary>
    public bool GeneratesValue => IsGenerated || Identity || SerialTypes.Contains(Type);

    private (int Start, int End)? DefaultRange { get; set; }

    private (int Start, int End)? GeneratedRange { get; set; }

    private int CollationAt { get; set; } = -1;

    /// <summary>Reads the column whose name is at <paramref name="start"/>, up to <paramref name="end"/>.</summary>
    internal static ColumnShape Read(StatementTokens s, int start, int end)
    {
        var column = new ColumnShape(s, start);
        var i = start;
        column.FoldedName = s.ReadName(ref i);
        column.ReadType(s, ref i, end);
        var constraintName = -1;
        while (i < end)
        {
            var at = i;
            i = column.ReadClause(s, i, end, constraintName);
            constraintName = s[at] == "CONSTRAINT" ? at + 1 : -1;
        }
        return column;
    }

    private void ReadType(StatementTokens s, ref int i, int end)
    {
        var typeStart = i;
        var depth = 0;
        while (i < end && (depth > 0 || !ClauseWords.Contains(s[i])))
        {
            depth += s[i] == "(" ? 1 : s[i] == ")" ? -1 : 0;
            i++;
        }
        Type = string.Join(' ', Enumerable.Range(typeStart, i - typeStart).Select(k => s.Token(k).Text)).ToLowerInvariant()
            .Replace(" (", "(", StringComparison.Ordinal).Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal)
            .Replace(" , ", ",", StringComparison.Ordinal);
    }

    /// <summary>Reads the clause at <paramref name="i"/> and returns where the next one starts.</summary>
    private int ReadClause(StatementTokens s, int i, int end, int constraintName)
    {
        switch (s[i])
        {
            case "(":
                return s.SkipGroup(i);
            case "CONSTRAINT":
                return i + 2;
            case "NOT" when s[i + 1] == "NULL":
                ExplicitNotNull = true;
                return i + 2;
            case "PRIMARY" when s[i + 1] == "KEY":
                _constraints.Add(ConstraintShape.ForColumn(s, ConstraintKind.PrimaryKey, constraintName, NameAt, i, i + 2));
                return i + 2;
            case "UNIQUE":
                _constraints.Add(ConstraintShape.ForColumn(s, ConstraintKind.Unique, constraintName, NameAt, i, i + 1));
                return i + 1;
            case "CHECK" when s[i + 1] == "(":
                _constraints.Add(ConstraintShape.ColumnCheck(s, constraintName, i, i + 1));
                return s.SkipGroup(i + 1);
            case "REFERENCES" when s.Token(i).Kind == SqlTokenKind.Word:
                var from = i;
                var target = ForeignKeyTarget.Read(s, ref i);
                var reference = ConstraintShape.ForColumn(s, ConstraintKind.ForeignKey, constraintName, NameAt, from, i);
                reference.SetReference(target);
                _constraints.Add(reference);
                return i;
            case "SET" when s[i + 1] == "DEFAULT":
                // ON DELETE SET DEFAULT, a referential action: not a default of this column.
                return i + 2;
            case "DEFAULT":
                return ReadDefault(s, i, end);
            case "COLLATE":
                CollationAt = i + 1;
                return i + 2;
            case "GENERATED":
                // GENERATED ALWAYS AS (…) or GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY: the AS comes next.
                return s[i + 1] == "ALWAYS" ? i + 2 : s.Is(i + 1, "BY", "DEFAULT") ? i + 3 : i + 1;
            case "AS" when s[i + 1] == "(":
                var close = s.SkipGroup(i + 1);
                GeneratedRange = (i + 2, close - 1);
                GeneratedStored = s.Has("STORED", close, end);
                return close;
            case "IDENTITY" or "AUTOINCREMENT":
                Identity = true;
                return i + 1;
            default:
                return i + 1;
        }
    }

    /// <summary>Reads <c>DEFAULT expression</c>: up to the next clause outside parentheses.</summary>
    private int ReadDefault(StatementTokens s, int d, int end)
    {
        var e = d + 1;
        var depth = 0;
        while (e < end && (depth > 0 || e == d + 1 || !ClauseWords.Contains(s[e])))
        {
            depth += s[e] == "(" ? 1 : s[e] == ")" ? -1 : 0;
            if (s[e + 1] == "(" && s.Token(e).Kind == SqlTokenKind.Word && DefaultFunction is null)
                DefaultFunction = s.NameAt(e);
            e++;
        }
        DefaultRange = (d + 1, e);
        // CURRENT_TIMESTAMP and friends are functions without parentheses; a parenthesised expression
        // is an expression (SQLite refuses both on ADD COLUMN; PostgreSQL evaluates stable ones once).
        DefaultIsConstant = DefaultFunction is null && !Enumerable.Range(d + 1, e - d - 1).Any(k => CurrentValues.Contains(s[k]));
        return e;
    }
}
