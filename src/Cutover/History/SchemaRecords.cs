using System.Data.Common;
using Cutover.Schema;
using static Cutover.History.DbCommands;

namespace Cutover.History;

/// <summary>
/// The schema each run left, in <c>cutover_schema</c>: how drift detection knows what the database
/// should look like. One row per run that changed something (and per baseline); the newest is expected.
/// </summary>
internal static class SchemaRecords
{
    public static Task AppendAsync(DbConnection connection, SchemaSnapshot snapshot, string? newestMigration, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null,
            $"INSERT INTO {HistorySchema.SchemaTable} (at, migration_id, fingerprint, snapshot) VALUES (@at, @migration, @fingerprint, @snapshot)",
            cancellationToken,
            ("@at", DateTime.UtcNow), ("@migration", newestMigration), ("@fingerprint", snapshot.Fingerprint), ("@snapshot", snapshot.ToJson()));

    /// <summary>The newest recorded snapshot, or null when none was recorded (or the table does not exist yet).</summary>
    public static async Task<(SchemaSnapshot Snapshot, DateTime At, string? Migration)?> LatestAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(connection, HistorySchema.SchemaTable, cancellationToken).ConfigureAwait(false))
            return null;
        await using var command = Create(connection, null,
            $"SELECT snapshot, at, migration_id FROM {HistorySchema.SchemaTable} ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return (SchemaSnapshot.FromJson(reader.GetString(0)), UtcDateTime(reader, 1), NullableString(reader, 2));
    }

    /// <summary>
    /// The newest snapshot recorded while <paramref name="newestMigration"/> was the newest applied migration
    /// (null: while none was), or null when no run ever stopped there.
    /// </summary>
    public static async Task<SchemaSnapshot?> LatestWhileNewestAsync(DbConnection connection, string? newestMigration, CancellationToken cancellationToken)
    {
        await using var command = newestMigration is null
            ? Create(connection, null, $"SELECT snapshot FROM {HistorySchema.SchemaTable} WHERE migration_id IS NULL ORDER BY seq DESC LIMIT 1")
            : Create(connection, null, $"SELECT snapshot FROM {HistorySchema.SchemaTable} WHERE migration_id = @migration ORDER BY seq DESC LIMIT 1",
                ("@migration", newestMigration));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? SchemaSnapshot.FromJson(json) : null;
    }
}
