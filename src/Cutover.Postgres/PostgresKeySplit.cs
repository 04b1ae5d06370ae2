using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Cuts a backfill's remaining keys into ranges of about equal size from a sample of the table: <c>TABLESAMPLE SYSTEM</c>
/// reads whole random pages, so the cut costs a few thousand page reads however large the table is, and its quantiles
/// (<c>ntile</c> over the sampled keys) follow the keys' real distribution, gaps and all, where a cut of the min–max
/// interval would not. Below <see cref="SampleRows"/> rows the whole table is its own sample.
/// </summary>
internal static class PostgresKeySplit
{
    /// <summary>About this many sampled keys: the quantiles of 2–16 ranges are then within a percent or so of the true ones.</summary>
    private const long SampleRows = 200_000;

    public static async Task<IReadOnlyList<IReadOnlyList<object>>> SplitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IReadOnlyList<string> keys, IReadOnlyList<object>? after,
        int parts, long? rowsEstimate, CancellationToken cancellationToken)
    {
        var aliased = string.Join(", ", keys.Select((k, i) => $"{k} AS k{i}"));
        var columns = string.Join(", ", keys.Select((_, i) => $"k{i}"));
        var descending = string.Join(", ", keys.Select((_, i) => $"k{i} DESC"));
        var sample = rowsEstimate is { } rows && rows > SampleRows
            ? string.Create(CultureInfo.InvariantCulture, $" TABLESAMPLE SYSTEM ({Math.Max(0.01, 100.0 * SampleRows / rows):0.####})")
            : "";
        var where = after is null ? "" : $" WHERE {Row(keys)} > {Row(keys.Select((_, i) => $"@lo{i}").ToList())}";
        var sql = $"""
            WITH s AS (SELECT {aliased} FROM {table}{sample}{where}),
                 cut AS (SELECT {columns}, ntile(@parts) OVER (ORDER BY {columns}) AS part FROM s),
                 last AS (SELECT {columns}, part, row_number() OVER (PARTITION BY part ORDER BY {descending}) AS r FROM cut)
            SELECT {columns} FROM last WHERE r = 1 AND part < @parts ORDER BY {columns}
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("parts", parts);
        for (var i = 0; after is not null && i < after.Count; i++)
            command.Parameters.AddWithValue($"lo{i}", after[i]);
        var bounds = new List<IReadOnlyList<object>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = new object[keys.Count];
            for (var i = 0; i < key.Length; i++)
                key[i] = reader.GetValue(i);
            bounds.Add(key);
        }
        return bounds;
    }

    private static string Row(IReadOnlyList<string> parts) => parts.Count == 1 ? parts[0] : "(" + string.Join(", ", parts) + ")";
}
