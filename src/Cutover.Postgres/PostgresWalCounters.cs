using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// The server's cumulative WAL and checkpoint counters. WAL generated is the current WAL insert position, exact at once (the write position lags behind it under asynchronous commit). The rest
/// come from the statistics views the server's version has — syncs from <c>pg_stat_wal</c> (14 to 17) or <c>pg_stat_io</c>'s
/// <c>wal</c> rows (18 on), requested checkpoints from <c>pg_stat_bgwriter</c> (until 16) or <c>pg_stat_checkpointer</c>
/// (17 on) — which each process adds its counts to at most once a second: they lag up to a second. Sync time counts only
/// with <c>track_wal_io_timing</c> on (off by default; a superuser turns it on); without it the time is null and the count
/// stays. Every source is readable by any user unless an administrator revoked it.
/// </summary>
internal static class PostgresWalCounters
{
    public static async Task<WalCounters> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql(connection.PostgreSqlVersion.Major), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        long? Long(int i) => reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i));
        var timed = !reader.IsDBNull(3) && reader.GetBoolean(3);
        return new WalCounters(Long(0), Long(1), timed && !reader.IsDBNull(2) ? Convert.ToDouble(reader.GetValue(2)) : null, Long(4));
    }

    private static string Sql(int major)
    {
        var syncs = major switch
        {
            >= 18 => "(SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal'), (SELECT sum(fsync_time) FROM pg_stat_io WHERE object = 'wal')",
            >= 14 => "(SELECT wal_sync FROM pg_stat_wal), (SELECT wal_sync_time FROM pg_stat_wal)",
            _ => "NULL::bigint, NULL::float8",
        };
        var timed = major >= 14 ? "current_setting('track_wal_io_timing', true) = 'on'" : "false";
        var checkpoints = major >= 17 ? "(SELECT num_requested FROM pg_stat_checkpointer)" : "(SELECT checkpoints_req FROM pg_stat_bgwriter)";
        return $"SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint, {syncs}, {timed}, {checkpoints}";
    }
}
