using System.Data.Common;

namespace Cutover.Sqlite;

/// <summary>
/// The size of a backfill's table for its progress and ETA. <c>count(*)</c> reads every page of the table before the
/// first batch runs (about 15 ms per million rows with the file in the page cache, seconds when it is not); SQLite keeps
/// its own estimate once the table has been analyzed, which is read in microseconds.
/// </summary>
internal static class SqliteRowEstimate
{
    /// <summary>The method shown when the estimate is SQLite's own: it is as old as the last ANALYZE, and says so.</summary>
    public const string Analyzed = "sqlite_stat1, SQLite's row count as of the table's last ANALYZE (or PRAGMA optimize)";

    /// <summary>The method shown when the table was counted.</summary>
    public const string Counted = "count(*) when the backfill started";

    // ANALYZE writes one sqlite_stat1 row per index of a table, whose first number is the rows in that index, and one with
    // no index (the rows in the table) when no index covers every row: the largest is the table's size as of that ANALYZE.
    // A partial index's smaller count is never the answer.
    private const string FromStat1 = "SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = @name COLLATE NOCASE";

    /// <summary>
    /// SQLite's own row count of <paramref name="table"/> (quoted for SQL, as the runtime passes it) when ANALYZE recorded
    /// one above zero (an empty or never analyzed table says nothing about its size now); otherwise <c>count(*)</c>.
    /// </summary>
    public static async Task<(long Rows, string Method)> EstimateAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        if (Unquoted(table) is { } name && await AnalyzedAsync(connection, name, cancellationToken).ConfigureAwait(false) is > 0 and var analyzed)
            return (analyzed, Analyzed);
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {table}";
        return ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, Counted);
    }

    private static async Task<long?> AnalyzedAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        // sqlite_stat1 exists only once something in the file has been analyzed.
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'";
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                return null;
        }
        await using var stat = connection.CreateCommand();
        stat.CommandText = FromStat1;
        var parameter = stat.CreateParameter();
        parameter.ParameterName = "@name";
        parameter.Value = name;
        stat.Parameters.Add(parameter);
        return await stat.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long rows ? rows : null;
    }

    /// <summary>
    /// The catalog name inside a quoted identifier (<c>"my ""t"""</c> → <c>my "t"</c>), bound as a value, never
    /// written into SQL; null for any other form, which is then counted.
    /// </summary>
    internal static string? Unquoted(string table) =>
        table.Length >= 2 && table[0] == '"' && table[^1] == '"' && !table[1..^1].Replace("\"\"", "", StringComparison.Ordinal).Contains('"', StringComparison.Ordinal)
            ? table[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : null;
}
