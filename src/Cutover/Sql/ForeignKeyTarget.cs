namespace Cutover.Sql;

/// <summary>What a REFERENCES clause points at: a table, its columns (null means its primary key), and MATCH FULL.</summary>
/// <param name="Table">The referenced table.</param>
/// <param name="Columns">The referenced columns, folded; null means its primary key.</param>
/// <param name="MatchFull">Whether MATCH FULL is written.</param>
public sealed record ForeignKeyTarget(TableName Table, IReadOnlyList<string>? Columns, bool MatchFull)
{
    /// <summary>
    /// Reads <c>REFERENCES table [(columns)] [MATCH FULL|SIMPLE|PARTIAL]</c> with <paramref name="i"/> on REFERENCES,
    /// leaving <paramref name="i"/> after the column list; the referential actions that may follow are the caller's.
    /// </summary>
    internal static ForeignKeyTarget Read(StatementTokens s, ref int i)
    {
        i++;
        var table = TableName.From(s.ReadQualifiedName(ref i));
        List<string>? columns = null;
        if (s[i] == "(")
        {
            var close = s.SkipGroup(i);
            columns = s.SplitTopLevel(i + 1, close - 1).Select(key => s.Folded(key.Start)).ToList();
            i = close;
        }
        return new ForeignKeyTarget(table, columns, s.Is(i, "MATCH", "FULL"));
    }

    /// <summary>The referenced side in words: <c>orders (id)</c>, or <c>orders</c> when the primary key is meant.</summary>
    public override string ToString() => Columns is null ? Table.ToString() : $"{Table} ({string.Join(", ", Columns)})";
}
