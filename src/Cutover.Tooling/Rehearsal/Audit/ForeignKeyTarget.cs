using Cutover.Checking.Lint;

namespace Cutover.Rehearsal.Audit;

/// <summary>What a REFERENCES clause points at: a table, its columns (null means its primary key), and MATCH FULL.</summary>
internal sealed record ForeignKeyTarget(TableName Table, IReadOnlyList<string>? Columns, bool MatchFull)
{
    /// <summary>Reads <c>REFERENCES table [(columns)] [MATCH FULL|SIMPLE|PARTIAL] …</c> with <paramref name="i"/> on REFERENCES.</summary>
    public static ForeignKeyTarget Read(LintStatement s, ref int i)
    {
        i++;
        var table = TableName.From(s.ReadQualifiedName(ref i));
        List<string>? columns = null;
        if (s[i] == "(")
        {
            columns = IndexKey.ReadNames(s, i);
            i = s.SkipGroup(i);
        }
        var matchFull = s.Is(i, "MATCH", "FULL");
        return new ForeignKeyTarget(table, columns, matchFull);
    }

    /// <summary>The referenced side in words: <c>orders (id)</c>, or <c>orders</c> when the primary key is meant.</summary>
    public override string ToString() => Columns is null ? Table.ToString() : $"{Table} ({string.Join(", ", Columns)})";
}
