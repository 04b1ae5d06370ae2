using Npgsql;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL primary with a streaming replica, both started for one test from the machine's binaries
/// (initdb, pg_basebackup -R; loopback only, free ports, as the `postgres` OS user when running as root) and
/// stopped when disposed. The shared test server is not used: a replica needs replication connections and
/// its own base backup, which would tie every other test's database to it.
/// </summary>
internal sealed class PostgresReplicaPair : IAsyncDisposable
{
    private readonly string _root;
    private readonly List<string> _started = [];

    private PostgresReplicaPair(string root) => _root = root;

    /// <summary>A superuser on the primary, database postgres.</summary>
    public string Primary { get; private set; } = "";

    /// <summary>A superuser on the replica (read-only), database postgres.</summary>
    public string Replica { get; private set; } = "";

    public static async Task<PostgresReplicaPair> StartAsync()
    {
        if (PostgresBinaries.Folder is null)
            throw new InvalidOperationException("No PostgreSQL binaries for a replica test: install PostgreSQL (initdb and pg_basebackup under /usr/lib/postgresql/*/bin).");
        var root = await PostgresBinaries.NewRootAsync("cutover-replica-");
        var pair = new PostgresReplicaPair(root);
        try
        {
            await pair.StartServersAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task StartServersAsync()
    {
        var (primaryPort, replicaPort) = (PostgresBinaries.FreePort(), PostgresBinaries.FreePort());
        var primary = Path.Combine(_root, "primary");
        var replica = Path.Combine(_root, "replica");
        await PostgresBinaries.RunAsync("initdb", "-D", primary, "-A", "trust", "-U", "postgres", "--no-sync");
        await File.WriteAllTextAsync(Path.Combine(primary, "pg_hba.conf"), """
            local all all trust
            host all all 127.0.0.1/32 trust
            local replication all trust
            host replication all 127.0.0.1/32 trust
            """);
        // wal_level is replica by default, with 10 WAL senders: enough for one streaming replica.
        await StartServerAsync(primary, primaryPort, "-c fsync=off -c full_page_writes=off");
        Primary = $"Host=127.0.0.1;Port={primaryPort};Username=postgres;Database=postgres;Pooling=false";

        await PostgresBinaries.RunAsync("pg_basebackup", "-h", "127.0.0.1", "-p", primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-D", replica, "-R", "-X", "stream", "--no-sync");
        // The replica reports its positions every second (default 10 s), so the primary's replay_lag follows it closely.
        await StartServerAsync(replica, replicaPort, "-c fsync=off -c hot_standby=on -c wal_receiver_status_interval=1s");
        Replica = $"Host=127.0.0.1;Port={replicaPort};Username=postgres;Database=postgres;Pooling=false";

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync(Primary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") is not 1L)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the replica did not start streaming within 60 s; see {_root}");
            await Task.Delay(100);
        }
    }

    private async Task StartServerAsync(string data, int port, string settings)
    {
        await PostgresBinaries.RunAsync("pg_ctl", "-D", data, "-w", "-t", "60", "-l", data + ".log", "-o",
            $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={_root} {settings}", "start");
        _started.Add(data);
    }

    /// <summary>Stops applying WAL on the replica (it keeps receiving it): its replay lag grows.</summary>
    public Task PauseReplayAsync() => ScalarAsync(Replica, "SELECT pg_wal_replay_pause()");

    /// <summary>Lets the replica apply WAL again.</summary>
    public Task ResumeReplayAsync() => ScalarAsync(Replica, "SELECT pg_wal_replay_resume()");

    /// <summary>The replica's replay lag as the primary sees it (pg_stat_replication.replay_lag; 0 when none is measured).</summary>
    public async Task<TimeSpan> ReplayLagAsync() =>
        TimeSpan.FromSeconds((double)(await ScalarAsync(Primary, "SELECT coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 FROM pg_stat_replication"))!);

    /// <summary>A connection string to database <paramref name="database"/> on the primary or the replica.</summary>
    public static string On(string server, string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    public static Task<object?> ScalarAsync(string connectionString, string sql) => PostgresServer.ScalarAsync(connectionString, sql);

    public async ValueTask DisposeAsync()
    {
        // Replica first, so the primary's shutdown does not wait for it.
        foreach (var data in Enumerable.Reverse(_started))
        {
            try
            {
                await PostgresBinaries.RunAsync("pg_ctl", "-D", data, "-m", "immediate", "-t", "60", "stop");
            }
            catch (InvalidOperationException)
            {
                // Best effort: a server that will not stop must not hide the test's own failure.
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is not worth failing the test for.
        }
    }
}
