namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// Compares two results as multisets of rows, and as sequences when the query has a top-level
/// ORDER BY. Rows are named when both runs kept every row; beyond the bound the digests decide.
/// </summary>
internal static class SameRowsComparison
{
    /// <summary>What differs, one line each without the <c>same-rows:</c> prefix; empty when the results are the same.</summary>
    public static IEnumerable<string> Compare(ContractRun before, ContractRun after, bool ordered)
    {
        if (!before.Columns.SequenceEqual(after.Columns, StringComparer.Ordinal))
        {
            yield return $"columns changed: ({string.Join(", ", before.Columns)}) → ({string.Join(", ", after.Columns)})";
            yield break;
        }

        if (!before.HasAllRows || !after.HasAllRows)
        {
            var bound = RowText.Count(Math.Max(before.Rows.Count, after.Rows.Count));
            if (before.RowsDigest != after.RowsDigest)
            {
                yield return $"the rows differ ({RowText.RowCount(before.RowCount)} before, {RowText.RowCount(after.RowCount)} after); "
                    + $"results over {bound} rows are compared by digest, so the rows cannot be named";
            }
            else if (ordered && before.OrderedRowsDigest != after.OrderedRowsDigest)
            {
                yield return $"the same rows in a different order (the query has ORDER BY); "
                    + $"results over {bound} rows are compared by digest, so the first difference cannot be named";
            }
            yield break;
        }

        var missing = Surplus(before.Rows, after.Rows);
        var appeared = Surplus(after.Rows, before.Rows);
        if (missing.Count > 0)
        {
            yield return $"{RowText.Count(missing.Count)} row(s) missing after the migration: {RowText.Rows(before.Columns, missing)}";
        }
        if (appeared.Count > 0)
        {
            yield return $"{RowText.Count(appeared.Count)} row(s) appeared after the migration: {RowText.Rows(after.Columns, appeared)}";
        }
        if (missing.Count == 0 && appeared.Count == 0 && ordered)
        {
            for (var i = 0; i < before.Rows.Count; i++)
            {
                if (!RowComparer.Instance.Equals(before.Rows[i], after.Rows[i]))
                {
                    yield return $"the same rows in a different order (the query has ORDER BY): row {RowText.Count(i + 1)} was "
                        + $"{RowText.Row(before.Columns, before.Rows[i])}, now {RowText.Row(after.Columns, after.Rows[i])}";
                    yield break;
                }
            }
        }
    }

    /// <summary>The rows of <paramref name="these"/> that <paramref name="others"/> lacks, counting duplicates, in the order of <paramref name="these"/>.</summary>
    private static List<IReadOnlyList<string?>> Surplus(IReadOnlyList<IReadOnlyList<string?>> these, IReadOnlyList<IReadOnlyList<string?>> others)
    {
        var available = new Dictionary<IReadOnlyList<string?>, int>(RowComparer.Instance);
        foreach (var row in others)
        {
            available[row] = available.GetValueOrDefault(row) + 1;
        }
        var surplus = new List<IReadOnlyList<string?>>();
        foreach (var row in these)
        {
            if (available.GetValueOrDefault(row) is var left && left > 0)
            {
                available[row] = left - 1;
            }
            else
            {
                surplus.Add(row);
            }
        }
        return surplus;
    }

    /// <summary>Rows are equal when every value's normalised text is (NULL equal to NULL, as in DISTINCT).</summary>
    private sealed class RowComparer : IEqualityComparer<IReadOnlyList<string?>>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(IReadOnlyList<string?>? x, IReadOnlyList<string?>? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.SequenceEqual(y, StringComparer.Ordinal));

        public int GetHashCode(IReadOnlyList<string?> row)
        {
            var hash = new HashCode();
            foreach (var value in row)
            {
                hash.Add(value, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }
}
