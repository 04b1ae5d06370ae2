using System.Data.Common;
using static Cutover.History.DbCommands;

namespace Cutover.History;

/// <summary>Appends to and reads the audit log <c>cutover_log</c>.</summary>
internal sealed class AuditLog(string by, string host)
{
    public Task AppendAsync(
        DbConnection connection, DbTransaction? transaction, string action, string? migrationId, string outcome,
        long? durationMs, string? detail, CancellationToken cancellationToken)
    {
        var entry = Entry(action, migrationId, outcome, durationMs, detail);
        return ExecuteAsync(connection, transaction, entry.Sql, cancellationToken, entry.Parameters);
    }

    /// <summary>
    /// The insert of one entry; its parameter names are distinct from the history table's, so both can share a batch. A
    /// second entry in the same batch needs a <paramref name="prefix"/> of its own (parameter names must be distinct).
    /// </summary>
    public SqlCommandText Entry(string action, string? migrationId, string outcome, long? durationMs, string? detail, string prefix = "log") => new(
        $"INSERT INTO {HistorySchema.LogTable} (at, action, migration_id, outcome, by_user, host, duration_ms, detail) " +
        $"VALUES (@{prefix}_at, @{prefix}_action, @{prefix}_migration, @{prefix}_outcome, @{prefix}_by, @{prefix}_host, @{prefix}_duration, @{prefix}_detail)",
        ($"@{prefix}_at", DateTime.UtcNow), ($"@{prefix}_action", action), ($"@{prefix}_migration", migrationId), ($"@{prefix}_outcome", outcome),
        ($"@{prefix}_by", by), ($"@{prefix}_host", host), ($"@{prefix}_duration", durationMs), ($"@{prefix}_detail", detail));

    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(DbConnection connection, int limit, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, HistorySchema.LogTable, cancellationToken).ConfigureAwait(false))
            return [];
        await using var command = Create(connection, null,
            $"SELECT seq, at, action, migration_id, outcome, by_user, host, duration_ms, detail FROM {HistorySchema.LogTable} ORDER BY seq DESC LIMIT @limit",
            ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(
                Convert.ToInt64(reader.GetValue(0)), UtcDateTime(reader, 1), reader.GetString(2), NullableString(reader, 3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : Convert.ToInt64(reader.GetValue(7)), NullableString(reader, 8)));
        }
        return entries;
    }
}
