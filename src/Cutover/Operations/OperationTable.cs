using System.Data.Common;
using System.Text.Json;
using Cutover.History;
using static Cutover.History.DbCommands;

namespace Cutover.Operations;

/// <summary>Reads and writes <c>cutover_operation</c>.</summary>
internal static class OperationTable
{
    private const string Name = HistorySchema.OperationTable;

    private const string Columns =
        "migration_id, tables, expand_script, plan, created_at, completed_at, retain_until, verified_at, verify_rows, verify_mismatches, verify_detail";

    public static async Task<IReadOnlyList<OperationRecord>> ReadAllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, Name, cancellationToken).ConfigureAwait(false))
            return [];
        await using var command = Create(connection, null, $"SELECT {Columns} FROM {Name} ORDER BY migration_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<OperationRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            OperationPhases phases;
            try
            {
                phases = OperationPhases.FromJson(reader.GetString(3));
            }
            catch (JsonException e)
            {
                throw new MigrationStateException(id, MigrationConflict.HistoryUnreadable,
                    $"{Name} row {id}: the stored plan is not readable ({e.Message})", "the row was changed outside Cutover: restore it from a backup");
            }
            rows.Add(new OperationRecord(id, reader.GetString(1).Split('\n', StringSplitOptions.RemoveEmptyEntries), reader.GetString(2), phases,
                UtcDateTime(reader, 4), Nullable(reader, 5), Nullable(reader, 6), Nullable(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), NullableString(reader, 10)));
        }
        return rows;
    }

    public static SqlCommandText Insert(OperationRecord row) => new(
        $"INSERT INTO {Name} ({Columns}) VALUES (@op_id, @op_tables, @op_expand, @op_plan, @op_created, NULL, NULL, NULL, NULL, NULL, NULL)",
        ("@op_id", row.MigrationId), ("@op_tables", string.Join('\n', row.Tables)), ("@op_expand", row.ExpandScript),
        ("@op_plan", row.Phases.ToJson()), ("@op_created", row.CreatedAt));

    public static SqlCommandText Completed(string id, DateTime at, DateTime retainUntil) => new(
        $"UPDATE {Name} SET completed_at = @op_done, retain_until = @op_retain WHERE migration_id = @op_id",
        ("@op_id", id), ("@op_done", at), ("@op_retain", retainUntil));

    public static SqlCommandText Verified(string id, DateTime at, long rows, long mismatches, string? detail) => new(
        $"UPDATE {Name} SET verified_at = @op_at, verify_rows = @op_rows, verify_mismatches = @op_bad, verify_detail = @op_detail WHERE migration_id = @op_id",
        ("@op_id", id), ("@op_at", at), ("@op_rows", rows), ("@op_bad", mismatches), ("@op_detail", detail));

    /// <summary>The stored plan rewritten once its archive tables are dropped, so that nothing reads them as kept any more.</summary>
    public static SqlCommandText ArchivesDropped(string id, OperationPhases phases) => new(
        $"UPDATE {Name} SET plan = @op_plan WHERE migration_id = @op_id",
        ("@op_id", id), ("@op_plan", (phases with { Archives = [] }).ToJson()));

    public static SqlCommandText Delete(string id) => new($"DELETE FROM {Name} WHERE migration_id = @op_id", ("@op_id", id));

    private static DateTime? Nullable(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : UtcDateTime(reader, ordinal);
}
