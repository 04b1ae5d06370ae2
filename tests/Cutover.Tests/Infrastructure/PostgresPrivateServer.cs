using System.Globalization;
using Npgsql;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, started from the machine's binaries (initdb, a free port, loopback only, its
/// unix socket in its own folder, as the `postgres` OS user when running as root) and stopped when disposed: for tests
/// that restart or stop the server, which the shared <see cref="PostgresServer"/> must never be, as other tests use it
/// at the same time.
/// </summary>
internal sealed class PostgresPrivateServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _data;
    private readonly int _port = PostgresBinaries.FreePort();
    private bool _started;

    private PostgresPrivateServer(string root)
    {
        _root = root;
        _data = Path.Combine(root, "data");
    }

    /// <summary>A superuser, database postgres, no pooling.</summary>
    public string Admin => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<PostgresPrivateServer> StartAsync()
    {
        if (PostgresBinaries.Folder is null)
            throw new InvalidOperationException("No PostgreSQL binaries for a private server: install PostgreSQL (initdb under /usr/lib/postgresql/*/bin).");
        var server = new PostgresPrivateServer(await PostgresBinaries.NewRootAsync("cutover-private-"));
        try
        {
            await PostgresBinaries.RunAsync("initdb", "-D", server._data, "-A", "trust", "-U", "postgres", "--no-sync");
            await PostgresBinaries.RunAsync("pg_ctl", server.PgCtl("start"));
            server._started = true;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database and returns a connection string to it.</summary>
    public Task<string> CreateDatabaseAsync() => PostgresServer.CreateDatabaseOnAsync(Admin);

    /// <summary>`pg_ctl restart -m <paramref name="mode"/>` (smart, fast or immediate), waiting until the server accepts connections again.</summary>
    public Task RestartAsync(string mode) => PostgresBinaries.RunAsync("pg_ctl", PgCtl("restart", "-m", mode));

    // pg_ctl restart reuses the options of the last start (postmaster.opts), so start and restart share them.
    private string[] PgCtl(string action, params string[] extra) =>
    [
        "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), .. extra,
        "-o", $"-c listen_addresses=127.0.0.1 -c port={_port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off",
        action,
    ];

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            try
            {
                await PostgresBinaries.RunAsync("pg_ctl", "-D", _data, "-m", "immediate", "-t", "60", "stop");
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
