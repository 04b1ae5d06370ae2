using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>A table's columns and primary key from the catalog, for a rehearsal's data audit.</summary>
internal static class PostgresTableColumns
{
    // to_regclass resolves the name as the server would (search_path, quoting) and is NULL, not an error, for a
    // table that does not exist. The second column is the column's position in the primary key, 0 when not in it.
    private const string Query = """
        SELECT a.attname,
               COALESCE((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) WHERE k.attnum = a.attnum), 0)
        FROM pg_attribute a
        LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
        WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    public static async Task<TableColumns?> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Query, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("table", sql);
        var columns = new List<(string Name, long KeyPosition)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                columns.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }
        return TableColumns.FromKeyPositions(columns);
    }
}
