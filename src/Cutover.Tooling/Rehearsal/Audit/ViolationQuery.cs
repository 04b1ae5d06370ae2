using System.Text;
using Cutover.Schema;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// The one SELECT that finds a constraint's violations: it returns up to <see cref="SampleSize"/> of them, each
/// with the total count beside it (a window over every violating row, computed before the LIMIT), so the same
/// text users can run again gives both. The SQL is plain enough for both engines.
/// </summary>
internal static class ViolationQuery
{
    public const int SampleSize = 10;

    /// <summary>The common table expression that stands for the rows an INSERT … SELECT would produce.</summary>
    private const string Source = "cutover_src";

    /// <summary>
    /// The query for <paramref name="test"/> over <paramref name="rows"/>; <paramref name="sample"/> are the quoted
    /// columns (or <c>rowid</c>) that name a violating row. A <see cref="ReferenceTest"/> must name its referenced columns.
    /// </summary>
    public static string Build(ConstraintTest test, RowSource rows, IReadOnlyList<string> sample)
    {
        var (with, from) = rows switch
        {
            TableRows t => ("", t.Table.Sql),
            SelectedRows s => ($"WITH {Source} ({string.Join(", ", s.Columns.Select(SchemaText.Quote))}) AS (\n{s.Select}\n)\n", Source),
            _ => throw new ArgumentOutOfRangeException(nameof(rows)),
        };
        return test switch
        {
            DuplicateTest d => Duplicates(with, from, d),
            ReferenceTest r => Rows(with, from + " AS child", sample.Select(c => "child." + c).ToList(), Orphans(r)),
            NullTest n => Rows(with, from, sample, $"{SchemaText.Quote(n.Column)} IS NULL"),
            EveryRowTest => Rows(with, from, sample, null),
            CheckTest c => Rows(with, from, sample, $"NOT ({c.Expression})"),
            _ => throw new ArgumentOutOfRangeException(nameof(test)),
        };
    }

    private static string Rows(string with, string from, IReadOnlyList<string> sample, string? where)
    {
        var columns = string.Join(", ", sample);
        var sql = new StringBuilder(with)
            .Append("SELECT ").Append(columns).Append(", COUNT(*) OVER () AS violating_rows\n")
            .Append("FROM ").Append(from).Append('\n');
        if (where is not null)
            sql.Append("WHERE ").Append(where).Append('\n');
        return sql.Append("ORDER BY ").Append(columns).Append('\n').Append("LIMIT ").Append(SampleSize).ToString();
    }

    /// <summary>Rows whose key is set but has no match. MATCH FULL also rejects a key that is only partly set.</summary>
    private static string Orphans(ReferenceTest test)
    {
        var children = test.Columns.Select(c => "child." + SchemaText.Quote(c)).ToList();
        var match = string.Join(" AND ", children.Zip(test.ReferencedColumns!, (c, p) => $"parent.{SchemaText.Quote(p)} = {c}"));
        var missing = $"NOT EXISTS (SELECT 1 FROM {test.Referenced.Sql} AS parent WHERE {match})";
        if (test.MatchFull && children.Count > 1)
            return $"({string.Join(" OR ", children.Select(c => c + " IS NOT NULL"))}) AND ({string.Join(" OR ", children.Select(c => c + " IS NULL"))} OR {missing})";
        return string.Join(" AND ", children.Select(c => c + " IS NOT NULL").Append(missing));
    }

    private static string Duplicates(string with, string from, DuplicateTest test)
    {
        var keys = string.Join(", ", test.Keys.Select(k => k.Sql));
        List<string> conditions = test.NullsNotDistinct ? [] : test.Keys.Select(k => SchemaText.Quote(k.Name) + " IS NOT NULL").ToList();
        if (test.Where is not null)
            conditions.Add($"({test.Where})");
        var sql = new StringBuilder(with)
            .Append("SELECT ").Append(keys).Append(", COUNT(*) AS duplicate_rows, SUM(COUNT(*)) OVER () AS violating_rows\n")
            .Append("FROM ").Append(from).Append('\n');
        if (conditions.Count > 0)
            sql.Append("WHERE ").Append(string.Join(" AND ", conditions)).Append('\n');
        return sql.Append("GROUP BY ").Append(keys).Append('\n')
            .Append("HAVING COUNT(*) > 1\n")
            .Append("ORDER BY ").Append(keys).Append('\n')
            .Append("LIMIT ").Append(SampleSize).ToString();
    }
}
