using System.Data.Common;
using System.Globalization;
using Cutover.History;
using static Cutover.History.DbCommands;

namespace Cutover.Backfill;

/// <summary>Reads and writes <c>cutover_backfill_range</c>: the key ranges of backfills that several workers walk.</summary>
internal static class RangeTable
{
    public const string Name = HistorySchema.BackfillRangeTable;

    private const string Columns =
        "worker, range_from, range_to, batch_size, position, rows_done, rows_changed, batches, state, error, updated_at, elapsed_ms, last_batch_ms";

    /// <summary>The ranges of every backfill that has them, by backfill id, in worker order.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<BackfillRange>>> ReadAllAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, null, "", cancellationToken).ConfigureAwait(false))
            .GroupBy(r => r.BackfillId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<BackfillRange>)[.. g.Select(r => r.Range)], StringComparer.Ordinal);

    /// <summary>The ranges of one backfill, in worker order; empty when one runner walks it (or the table is not there yet).</summary>
    public static async Task<IReadOnlyList<BackfillRange>> ReadAsync(DbConnection connection, DbTransaction? transaction, string backfillId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(connection, transaction, " WHERE backfill_id = @r_backfill", cancellationToken, ("@r_backfill", backfillId)).ConfigureAwait(false)).Select(r => r.Range)];

    private static async Task<List<(string BackfillId, BackfillRange Range)>> QueryAsync(
        DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var rows = new List<(string, BackfillRange)>();
        if (!await TableExistsAsync(connection, Name, cancellationToken).ConfigureAwait(false))
            return rows;
        await using var command = Create(connection, transaction, $"SELECT backfill_id, {Columns} FROM {Name}{where} ORDER BY backfill_id, worker", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add((reader.GetString(0), Read(reader, 1)));
        return rows;
    }

    /// <summary>Whether the backfill has been cut into ranges (the table exists: a runner on an engine that can cut makes sure of it).</summary>
    public static async Task<bool> AnyAsync(DbConnection connection, DbTransaction transaction, string backfillId, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, transaction, $"SELECT count(*) FROM {Name} WHERE backfill_id = @r_backfill", ("@r_backfill", backfillId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) > 0;
    }

    /// <summary>
    /// Reads a range inside a batch's transaction after touching it, which locks its row until commit: two runners on one
    /// range take turns batch by batch and never run the same keys, while the other ranges go on beside them.
    /// </summary>
    public static async Task<BackfillRange?> ClaimAsync(DbConnection connection, DbTransaction transaction, string backfillId, int worker, CancellationToken cancellationToken)
    {
        await using var command = Create(connection, transaction,
            $"UPDATE {Name} SET updated_at = updated_at WHERE id = @r_id; SELECT {Columns} FROM {Name} WHERE id = @r_id", ("@r_id", RowId(backfillId, worker)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, 0) : null;
    }

    public static SqlCommandText Insert(BackfillStatus backfill, BackfillRange r) => new(
        $"INSERT INTO {Name} (id, backfill_id, migration_id, {Columns}) VALUES (@r_id, @r_backfill, @r_migration, @r_worker, @r_from, @r_to, @r_batch, " +
        "@r_position, @r_rows, @r_changed, @r_batches, @r_state, @r_error, @r_updated, @r_elapsed, @r_last)",
        [("@r_backfill", backfill.Id), ("@r_migration", backfill.MigrationId), ("@r_worker", r.Worker), ("@r_from", r.From), ("@r_to", r.To), .. Progress(backfill.Id, r)]);

    /// <summary>The progress columns and the state, as a batch or a failure leaves them.</summary>
    public static SqlCommandText Update(string backfillId, BackfillRange r) => new(
        $"UPDATE {Name} SET batch_size = @r_batch, position = @r_position, rows_done = @r_rows, rows_changed = @r_changed, batches = @r_batches, " +
        "state = @r_state, error = @r_error, updated_at = @r_updated, elapsed_ms = @r_elapsed, last_batch_ms = @r_last WHERE id = @r_id",
        Progress(backfillId, r));

    public static SqlCommandText DeleteForMigration(string migrationId) => new($"DELETE FROM {Name} WHERE migration_id = @r_migration", ("@r_migration", migrationId));

    private static (string, object?)[] Progress(string backfillId, BackfillRange r) =>
    [
        ("@r_id", RowId(backfillId, r.Worker)), ("@r_batch", r.BatchSize), ("@r_position", r.Position), ("@r_rows", r.RowsDone),
        ("@r_changed", r.RowsChanged), ("@r_batches", r.Batches), ("@r_state", r.State), ("@r_error", r.Error), ("@r_updated", r.UpdatedAt),
        ("@r_elapsed", r.ElapsedMs), ("@r_last", r.LastBatchMs),
    ];

    private static string RowId(string backfillId, int worker) => backfillId + "#" + worker.ToString(CultureInfo.InvariantCulture);

    private static BackfillRange Read(DbDataReader reader, int at) => new(
        Convert.ToInt32(reader.GetValue(at)), NullableString(reader, at + 1), NullableString(reader, at + 2), Convert.ToInt32(reader.GetValue(at + 3)),
        NullableString(reader, at + 4), Convert.ToInt64(reader.GetValue(at + 5)), Convert.ToInt64(reader.GetValue(at + 6)), Convert.ToInt64(reader.GetValue(at + 7)),
        reader.GetString(at + 8), NullableString(reader, at + 9), UtcDateTime(reader, at + 10), Convert.ToInt64(reader.GetValue(at + 11)),
        Convert.ToInt64(reader.GetValue(at + 12)));
}
