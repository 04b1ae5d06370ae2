using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cutover.Sqlite;

/// <summary>A table's columns and primary key from <c>pragma_table_info</c>, for a rehearsal's data audit.</summary>
internal static class SqliteTableColumns
{
    public static async Task<TableColumns?> ReadAsync(DbConnection connection, string? schema, string name, CancellationToken cancellationToken)
    {
        // pk is the column's position in the primary key, 0 when not in it.
        await using var command = new SqliteCommand(
            schema is null ? "SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid" : "SELECT name, pk FROM pragma_table_info(@table, @schema) ORDER BY cid",
            (SqliteConnection)connection);
        command.Parameters.AddWithValue("@table", name);
        if (schema is not null)
            command.Parameters.AddWithValue("@schema", schema);
        var columns = new List<(string Name, long KeyPosition)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                columns.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return TableColumns.FromKeyPositions(columns);
    }
}
