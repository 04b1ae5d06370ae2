using System.Data.Common;
using Cutover.History;
using static Cutover.History.DbCommands;

namespace Cutover.Rollouts;

/// <summary>Reads and writes <c>cutover_rollout</c>: one row per migration whose operations are rolled out.</summary>
internal static class RolloutTable
{
    private const string Name = HistorySchema.RolloutTable;
    private const string Columns = "migration_id, percent, users, user_groups, updated_at, updated_by, full_since";

    /// <summary>Every row; empty when the table does not exist yet (a caller in a <paramref name="transaction"/> has made sure it does).</summary>
    public static async Task<IReadOnlyList<RolloutState>> ReadAllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is null && !await TableExistsAsync(connection, Name, cancellationToken).ConfigureAwait(false))
            return [];
        await using var command = Create(connection, transaction, $"SELECT {Columns} FROM {Name} ORDER BY migration_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RolloutState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var users = NullableString(reader, 2) is { } u ? u.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            var groups = NullableString(reader, 3) is { } g
                ? g.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).Select(p => new RolloutGroup(p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList()
                : [];
            rows.Add(new RolloutState(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), users, groups,
                UtcDateTime(reader, 4), reader.GetString(5), reader.IsDBNull(6) ? null : UtcDateTime(reader, 6)));
        }
        return rows;
    }

    public static SqlCommandText Upsert(RolloutState s) => new(
        $"INSERT INTO {Name} ({Columns}) VALUES (@ro_id, @ro_percent, @ro_users, @ro_groups, @ro_at, @ro_by, @ro_full) " +
        "ON CONFLICT (migration_id) DO UPDATE SET percent = excluded.percent, users = excluded.users, user_groups = excluded.user_groups, " +
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by, full_since = excluded.full_since",
        ("@ro_id", s.MigrationId), ("@ro_percent", s.Percent), ("@ro_users", s.Users.Count == 0 ? null : string.Join('\n', s.Users)),
        ("@ro_groups", s.Groups.Count == 0 ? null : string.Join('\n', s.Groups.Select(g => $"{g.Name}\t{g.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))),
        ("@ro_at", s.UpdatedAt), ("@ro_by", s.UpdatedBy), ("@ro_full", s.FullSince));

    public static SqlCommandText Delete(string migrationId) => new($"DELETE FROM {Name} WHERE migration_id = @ro_id", ("@ro_id", migrationId));
}
