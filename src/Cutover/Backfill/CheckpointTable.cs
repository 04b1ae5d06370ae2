using System.Data.Common;
using Cutover.History;
using static Cutover.History.DbCommands;

namespace Cutover.Backfill;

/// <summary>Reads and writes <c>cutover_backfill</c>, one row per backfill step.</summary>
internal static class CheckpointTable
{
    public const string Name = HistorySchema.BackfillTable;

    private const string Columns =
        "id, migration_id, step, table_name, source, key_columns, key_description, statement, code, fixed_batch, pause_ms, batch_size, " +
        "position, rows_done, rows_changed, batches, total_estimate, estimate_method, state, error, started_at, updated_at, elapsed_ms, last_batch_ms";

    public static async Task<IReadOnlyList<BackfillStatus>> ReadAllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, Name, cancellationToken).ConfigureAwait(false))
            return [];
        var rows = await QueryAsync(connection, null, $"SELECT {Columns} FROM {Name} ORDER BY id", cancellationToken).ConfigureAwait(false);
        var ranges = await RangeTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => ranges.TryGetValue(r.Id, out var mine) ? r.WithRanges(mine) : r).ToList();
    }

    /// <summary>One backfill as a person reads it: with the ranges its workers walk counted in (<see cref="BackfillStatus.WithRanges"/>).</summary>
    public static async Task<BackfillStatus?> ReadAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        (await ReadRowAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false)) is { } row
            ? row.WithRanges(await RangeTable.ReadAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false))
            : null;

    /// <summary>The backfill's own row, without its ranges: what a runner writes back.</summary>
    public static async Task<BackfillStatus?> ReadRowAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM {Name} WHERE id = @bf_id", cancellationToken, ("@bf_id", id)).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>
    /// Reads the checkpoint inside a batch's transaction after touching it, which on PostgreSQL locks the row
    /// until commit (and on SQLite the write transaction holds the database): two runners on one backfill
    /// take turns batch by batch and never run the same range.
    /// </summary>
    public static async Task<BackfillStatus?> ClaimAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, transaction,
            $"UPDATE {Name} SET updated_at = updated_at WHERE id = @bf_id; SELECT {Columns} FROM {Name} WHERE id = @bf_id",
            cancellationToken, ("@bf_id", id)).ConfigureAwait(false)).SingleOrDefault();

    public static SqlCommandText Insert(BackfillStatus s) => new(
        $"INSERT INTO {Name} ({Columns}) VALUES (@bf_id, @bf_migration, @bf_step, @bf_table, @bf_source, @bf_keys, @bf_key_description, @bf_statement, @bf_code, " +
        "@bf_fixed, @bf_pause, @bf_batch, @bf_position, @bf_rows, @bf_changed, @bf_batches, @bf_total, @bf_method, @bf_state, @bf_error, @bf_started, @bf_updated, @bf_elapsed, @bf_last)",
        ("@bf_id", s.Id), ("@bf_migration", s.MigrationId), ("@bf_step", s.Step), ("@bf_table", s.Table), ("@bf_source", s.Source),
        ("@bf_keys", string.Join('\n', s.KeyColumns)), ("@bf_key_description", s.KeyDescription), ("@bf_statement", s.Statement), ("@bf_code", s.Code),
        ("@bf_fixed", s.FixedBatch), ("@bf_pause", s.PauseMs), ("@bf_batch", s.BatchSize), ("@bf_position", s.Position), ("@bf_rows", s.RowsDone),
        ("@bf_changed", s.RowsChanged), ("@bf_batches", s.Batches), ("@bf_total", s.TotalEstimate), ("@bf_method", s.EstimateMethod),
        ("@bf_state", s.State), ("@bf_error", s.Error), ("@bf_started", s.StartedAt), ("@bf_updated", s.UpdatedAt), ("@bf_elapsed", s.ElapsedMs), ("@bf_last", s.LastBatchMs));

    /// <summary>The progress columns and the state, as a batch or a state change leaves them.</summary>
    public static SqlCommandText Update(BackfillStatus s) => new(
        $"UPDATE {Name} SET batch_size = @bf_batch, position = @bf_position, rows_done = @bf_rows, rows_changed = @bf_changed, batches = @bf_batches, " +
        "state = @bf_state, error = @bf_error, updated_at = @bf_updated, elapsed_ms = @bf_elapsed, last_batch_ms = @bf_last WHERE id = @bf_id",
        ("@bf_id", s.Id), ("@bf_batch", s.BatchSize), ("@bf_position", s.Position), ("@bf_rows", s.RowsDone), ("@bf_changed", s.RowsChanged),
        ("@bf_batches", s.Batches), ("@bf_state", s.State), ("@bf_error", s.Error), ("@bf_updated", s.UpdatedAt), ("@bf_elapsed", s.ElapsedMs), ("@bf_last", s.LastBatchMs));

    /// <summary>A backfill failed in one of its ranges: its own row says so (unless it was paused, cancelled or done meanwhile).</summary>
    public static SqlCommandText Fail(string id, string error, DateTime at) => new(
        $"UPDATE {Name} SET state = @bf_state, error = @bf_error, updated_at = @bf_updated WHERE id = @bf_id AND state IN (@bf_running, @bf_queued, @bf_failed)",
        ("@bf_id", id), ("@bf_state", BackfillStates.Failed), ("@bf_error", error), ("@bf_updated", at),
        ("@bf_running", BackfillStates.Running), ("@bf_queued", BackfillStates.Queued), ("@bf_failed", BackfillStates.Failed));

    /// <summary>Moves a backfill from one of <paramref name="from"/> to <paramref name="to"/>; false when it was in none of them.</summary>
    public static async Task<bool> TransitionAsync(DbConnection connection, string id, IReadOnlyList<string> from, string to, string? error, CancellationToken cancellationToken)
    {
        var states = string.Join(", ", from.Select((_, i) => $"@bf_from{i}"));
        var parameters = from.Select((s, i) => ($"@bf_from{i}", (object?)s))
            .Concat([("@bf_id", id), ("@bf_to", to), ("@bf_error", error), ("@bf_updated", DateTime.UtcNow)]).ToArray();
        return await ExecuteAsync(connection, null,
            $"UPDATE {Name} SET state = @bf_to, error = @bf_error, updated_at = @bf_updated WHERE id = @bf_id AND state IN ({states})",
            cancellationToken, parameters).ConfigureAwait(false) == 1;
    }

    /// <summary>The checkpoints of a migration's backfills, and their ranges.</summary>
    public static SqlCommandText DeleteForMigration(string migrationId) =>
        new($"DELETE FROM {RangeTable.Name} WHERE migration_id = @bf_migration; DELETE FROM {Name} WHERE migration_id = @bf_migration", ("@bf_migration", migrationId));

    private static async Task<List<BackfillStatus>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<BackfillStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new BackfillStatus(
                reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2)), reader.GetString(3), reader.GetString(4),
                reader.GetString(5).Split('\n'), reader.GetString(6), NullableString(reader, 7), NullableString(reader, 8),
                Int(reader, 9), Int(reader, 10), Convert.ToInt32(reader.GetValue(11)), NullableString(reader, 12),
                Convert.ToInt64(reader.GetValue(13)), Convert.ToInt64(reader.GetValue(14)), Convert.ToInt64(reader.GetValue(15)),
                reader.IsDBNull(16) ? null : Convert.ToInt64(reader.GetValue(16)), NullableString(reader, 17),
                reader.GetString(18), NullableString(reader, 19), UtcDateTime(reader, 20), UtcDateTime(reader, 21),
                Convert.ToInt64(reader.GetValue(22)), Convert.ToInt64(reader.GetValue(23))));
        }
        return rows;
    }

    private static int? Int(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal));
}
