using Npgsql;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the whole test run shares: CUTOVER_TEST_POSTGRES when set, otherwise a server
/// this process starts from the machine's binaries (initdb into a temp folder, a free port, loopback
/// only, as the `postgres` OS user when running as root) and stops at exit. Tests never skip: when no
/// server can be had, every PostgreSQL test fails with the reason. The shared server trades durability for
/// speed (fsync and synchronous_commit off); crash tests get a second, durable server of their own.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<Task<string>> Admin = new(() => StartAsync(durable: false));
    private static readonly Lazy<Task<string>> DurableAdmin = new(() => StartAsync(durable: true));

    /// <summary>A role that must log in with <see cref="Password"/> (on a server this suite starts).</summary>
    public const string PasswordUser = "cutover_pw";
    public const string Password = "right-password";

    /// <summary>A connection string for a superuser on the server (database postgres).</summary>
    public static Task<string> AdminConnectionStringAsync() => Admin.Value;

    /// <summary>Creates a database of its own for one test and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(Admin.Value);

    /// <summary>
    /// Creates a database for a crash test on a server with fsync and synchronous_commit on, so a commit is
    /// only acknowledged once it is on disk and a kill can land between a statement and its commit as in
    /// production. With CUTOVER_TEST_POSTGRES set, that server is used as it is configured.
    /// </summary>
    public static Task<string> CreateDurableDatabaseAsync() => CreateDatabaseAsync(DurableAdmin.Value);

    private static async Task<string> CreateDatabaseAsync(Task<string> server) => await CreateDatabaseOnAsync(await server);

    /// <summary>Creates a database of its own for one test on the server <paramref name="admin"/> connects to.</summary>
    public static async Task<string> CreateDatabaseOnAsync(string admin)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own and returns the first value.</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> StartAsync(bool durable)
    {
        var external = Environment.GetEnvironmentVariable("CUTOVER_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
            return external;

        if (PostgresBinaries.Folder is null)
            throw new InvalidOperationException("No PostgreSQL server for the tests: install PostgreSQL (initdb under /usr/lib/postgresql/*/bin) or set CUTOVER_TEST_POSTGRES.");

        var root = await PostgresBinaries.NewRootAsync("cutover-pg-");
        var data = Path.Combine(root, "data");
        var port = PostgresBinaries.FreePort();
        await PostgresBinaries.RunAsync("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");
        // Trust for the tests' superuser; a password for PasswordUser, so a wrong password can be tested.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"), $"""
            local all all trust
            host all {PasswordUser} 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust
            """);
        var durability = durable ? "-c fsync=on -c synchronous_commit=on -c full_page_writes=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await PostgresBinaries.RunAsync("pg_ctl", "-D", data, "-w", "-t", "60", "-l", Path.Combine(root, "server.log"), "-o",
            $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} {durability} -c max_connections=300",
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data, root);
        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE ROLE {PasswordUser} LOGIN PASSWORD '{Password}'", connection);
            await command.ExecuteNonQueryAsync();
        }
        return admin;
    }

    private static void Stop(string data, string root)
    {
        try
        {
            using var stop = PostgresBinaries.Start("pg_ctl", "-D", data, "-m", "immediate", "stop");
            stop.WaitForExit(30_000);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort at exit: a leftover temp folder is not worth failing the run for.
        }
    }
}
