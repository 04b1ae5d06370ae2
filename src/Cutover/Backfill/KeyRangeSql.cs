using System.Globalization;

namespace Cutover.Backfill;

/// <summary>
/// The SQL of keyset batching, the same on SQLite and PostgreSQL (row values need SQLite 3.15): find the
/// upper bound of the next batch, and the predicate that replaces <c>{batch}</c>. Both compare the whole key
/// as one row value, so composite keys walk in index order without gaps or overlaps. <c>table</c> and <c>keys</c>
/// are already quoted for SQL.
/// </summary>
internal sealed class KeyRangeSql(string table, IReadOnlyList<string> keys)
{
    /// <summary>
    /// One row: the last key of the next batch of at most <c>@cutover_n</c> keys after the position
    /// (<c>@cutover_lo0…</c>; none for the first batch), followed by how many keys the batch holds. No row when
    /// nothing is left. With <paramref name="bounded"/>, only keys up to <c>@cutover_end0…</c> (inclusive): the end of a worker's range.
    /// </summary>
    public string NextBound(bool first, bool bounded = false)
    {
        var aliased = string.Join(", ", keys.Select((k, i) => $"{k} AS k{i}"));
        var order = string.Join(", ", keys.Select((_, i) => $"k{i}"));
        var orderDesc = string.Join(", ", keys.Select((_, i) => $"k{i} DESC"));
        var conditions = new List<string>();
        if (!first)
            conditions.Add($"{Row(keys)} > {Row(Parameters("lo"))}");
        if (bounded)
            conditions.Add($"{Row(keys)} <= {Row(Parameters("end"))}");
        var after = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        return $"WITH s AS (SELECT {aliased} FROM {table}{after} ORDER BY {string.Join(", ", keys)} LIMIT @cutover_n) " +
               $"SELECT {order}, (SELECT count(*) FROM s) FROM s ORDER BY {orderDesc} LIMIT 1";
    }

    /// <summary>The predicate of a batch from the position (exclusive; none for the first batch) to its bound (inclusive).</summary>
    public string Predicate(bool first, string? alias)
    {
        var columns = alias is null ? keys : keys.Select(k => $"{alias}.{k}").ToList();
        var upper = $"{Row(columns)} <= {Row(Parameters("hi"))}";
        return first ? $"({upper})" : $"({Row(columns)} > {Row(Parameters("lo"))} AND {upper})";
    }

    /// <summary>The keys' columns, for reading a code backfill's rows in key order.</summary>
    public string Select(IReadOnlyList<string> columns, bool first) =>
        $"SELECT {string.Join(", ", keys.Concat(columns.Select(Identifier.Quote)))} FROM {table} WHERE {Predicate(first, null)} ORDER BY {string.Join(", ", keys)}";

    /// <summary>An UPDATE of a code backfill's columns for one row, by key.</summary>
    public string UpdateByKey(IReadOnlyList<string> columns) =>
        $"UPDATE {table} SET {string.Join(", ", columns.Select((c, i) => $"{Identifier.Quote(c)} = @cutover_v{i}"))} " +
        $"WHERE {string.Join(" AND ", keys.Select((k, i) => $"{k} = @cutover_k{i}"))}";

    public IEnumerable<(string Name, object? Value)> Bind(string prefix, IReadOnlyList<object> values) =>
        values.Select((v, i) => ($"@cutover_{prefix}{i.ToString(CultureInfo.InvariantCulture)}", (object?)v));

    private List<string> Parameters(string prefix) => keys.Select((_, i) => $"@cutover_{prefix}{i}").ToList();

    private static string Row(IReadOnlyList<string> parts) => parts.Count == 1 ? parts[0] : "(" + string.Join(", ", parts) + ")";
}
