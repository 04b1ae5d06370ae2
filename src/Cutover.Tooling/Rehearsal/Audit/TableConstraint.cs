using Cutover.Checking.Lint;

namespace Cutover.Rehearsal.Audit;

/// <summary>What kind of table constraint a clause is.</summary>
internal enum TableConstraintKind
{
    Check,
    Unique,
    PrimaryKey,
    ForeignKey,
    /// <summary>UNIQUE or PRIMARY KEY USING INDEX: an existing index supplies the keys.</summary>
    UsingIndex,
    /// <summary>EXCLUDE, or anything else the audit does not read.</summary>
    Other,
}

/// <summary>
/// A table constraint as written in CREATE TABLE or after ALTER TABLE … ADD:
/// <c>[CONSTRAINT name] CHECK (…) | UNIQUE (…) | PRIMARY KEY (…) | FOREIGN KEY (…) REFERENCES …</c>.
/// </summary>
internal sealed record TableConstraint(
    TableConstraintKind Kind, string? Name, string Text, string? Expression, string? ExpressionText,
    IReadOnlyList<IndexKey> Keys, ForeignKeyTarget? Reference, bool NullsNotDistinct, bool NotValid)
{
    /// <summary>Reads the clause in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static TableConstraint Read(LintStatement s, int start, int end)
    {
        var i = start;
        string? name = null;
        if (s[i] == "CONSTRAINT")
        {
            i++;
            name = s.ReadName(ref i);
        }
        var text = s.TextOf(i, end);
        var notValid = s.HasSequence(i, end, "NOT", "VALID");
        TableConstraint Make(TableConstraintKind kind, string? expression = null, string? expressionText = null,
            IReadOnlyList<IndexKey>? keys = null, ForeignKeyTarget? reference = null, bool nullsNotDistinct = false) =>
            new(kind, name, text, expression, expressionText, keys ?? [], reference, nullsNotDistinct, notValid);

        if (s[i] == "CHECK" && s[i + 1] == "(")
        {
            var close = s.SkipGroup(i + 1);
            return Make(TableConstraintKind.Check, s.SourceOf(i + 2, close - 1), s.TextOf(i + 2, close - 1));
        }
        if (s[i] == "UNIQUE" || s.Is(i, "PRIMARY", "KEY"))
        {
            var kind = s[i] == "UNIQUE" ? TableConstraintKind.Unique : TableConstraintKind.PrimaryKey;
            i += kind == TableConstraintKind.Unique ? 1 : 2;
            var nullsNotDistinct = s.Is(i, "NULLS", "NOT", "DISTINCT");
            if (nullsNotDistinct)
                i += 3;
            else if (s.Is(i, "NULLS", "DISTINCT"))
                i += 2;
            if (s.Is(i, "USING", "INDEX"))
                return Make(TableConstraintKind.UsingIndex);
            return s[i] == "(" ? Make(kind, keys: IndexKey.ReadList(s, i), nullsNotDistinct: nullsNotDistinct) : Make(TableConstraintKind.Other);
        }
        if (s.Is(i, "FOREIGN", "KEY") && s[i + 2] == "(")
        {
            var columns = IndexKey.ReadList(s, i + 2);
            var r = s.SkipGroup(i + 2);
            if (s[r] == "REFERENCES")
                return Make(TableConstraintKind.ForeignKey, keys: columns, reference: ForeignKeyTarget.Read(s, ref r));
        }
        return Make(TableConstraintKind.Other);
    }

    /// <summary>The key columns in words: <c>(a, b)</c>.</summary>
    public string KeyList => "(" + string.Join(", ", Keys.Select(k => k.Name)) + ")";
}
