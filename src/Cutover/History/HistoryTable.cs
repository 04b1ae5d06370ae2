using System.Data.Common;
using static Cutover.History.DbCommands;

namespace Cutover.History;

/// <summary>Reads and writes <c>cutover_history</c> over any ADO.NET connection.</summary>
internal static class HistoryTable
{
    private const string Columns =
        "id, name, checksum, down_script, state, operation, steps_done, statements_done, error, applied_at, applied_by, host, duration_ms, tool_version";

    public static async Task EnsureCreatedAsync(DbConnection connection, IDatabaseProvider provider, CancellationToken cancellationToken)
    {
        foreach (var table in HistorySchema.Tables)
            await ExecuteAsync(connection, null, provider.CreateTableDdl(table), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// All rows by id; empty when the table does not exist yet (reading never creates it).
    /// </summary>
    /// <exception cref="MigrationStateException">A row holds a value Cutover never writes (<see cref="MigrationConflict.HistoryUnreadable"/>).</exception>
    public static async Task<IReadOnlyList<HistoryRecord>> ReadAllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, HistorySchema.HistoryTable, cancellationToken).ConfigureAwait(false))
            return [];
        await using var command = Create(connection, null, $"SELECT {Columns} FROM {HistorySchema.HistoryTable} ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HistoryRecord>();
        var row = new HistoryRowReader(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(row.Read());
        return rows;
    }

    /// <summary>
    /// Updates the row with the same id, or inserts it. Each statement is atomic on its own, so this is
    /// safe outside a transaction: only one runner writes while it holds the migration lock.
    /// </summary>
    public static async Task UpsertAsync(DbConnection connection, DbTransaction? transaction, HistoryRecord row, CancellationToken cancellationToken)
    {
        var update = Update(row);
        if (await ExecuteAsync(connection, transaction, update.Sql, cancellationToken, update.Parameters).ConfigureAwait(false) == 0)
        {
            var insert = Insert(row);
            await ExecuteAsync(connection, transaction, insert.Sql, cancellationToken, insert.Parameters).ConfigureAwait(false);
        }
    }

    public static SqlCommandText Insert(HistoryRecord row) => new(
        $"INSERT INTO {HistorySchema.HistoryTable} ({Columns}) VALUES (@id, @name, @checksum, @down, @state, @operation, @steps, @statements, @error, @at, @by, @host, @duration, @version)",
        Values(row));

    public static SqlCommandText Update(HistoryRecord row) => new(
        $"UPDATE {HistorySchema.HistoryTable} SET name = @name, checksum = @checksum, down_script = @down, state = @state, operation = @operation, " +
        "steps_done = @steps, statements_done = @statements, error = @error, applied_at = @at, applied_by = @by, host = @host, " +
        "duration_ms = @duration, tool_version = @version WHERE id = @id",
        Values(row));

    public static SqlCommandText Delete(string id) => new($"DELETE FROM {HistorySchema.HistoryTable} WHERE id = @id", ("@id", id));

    private static (string, object?)[] Values(HistoryRecord row) =>
    [
        ("@id", row.Id), ("@name", row.Name), ("@checksum", row.Checksum), ("@down", row.DownScript),
        ("@state", row.State), ("@operation", row.Operation), ("@steps", row.StepsDone), ("@statements", row.StatementsDone),
        ("@error", row.Error), ("@at", row.AppliedAt), ("@by", row.AppliedBy), ("@host", row.Host),
        ("@duration", row.DurationMs), ("@version", row.ToolVersion),
    ];

    public static Task DeleteAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var delete = Delete(id);
        return ExecuteAsync(connection, transaction, delete.Sql, cancellationToken, delete.Parameters);
    }
}
