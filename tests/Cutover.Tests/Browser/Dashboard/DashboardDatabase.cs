using System.Reflection;
using System.Text.Json;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Npgsql;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// A real database in the state the dashboard must show: two migrations applied (one carrying hostile text in its SQL),
/// one stopped by its backfill failing on a table whose name is hostile markup (interrupted: a failed migration, with
/// its backfill in flight and the error, markup included, in the backfill's status and the audit log), and one pending
/// behind it.
/// </summary>
internal sealed record DashboardDatabase(string Engine, string ConnectionString, string? Password, string ConfigPath, string Folder)
{
    public const string Created = "20260101000000";
    public const string Hostile = "20260102000000";
    public const string Broken = "20260103000000";
    public const string Later = "20260105000000";

    /// <summary>The markup the pages must show as text: a script, and an attribute breakout into an image with a handler.</summary>
    public const string Script = "<script>alert(1)</script>";
    public const string Breakout = "\"><img src=x onerror=alert(1)>";

    private static readonly (string File, string Sql)[] Migrations =
    [
        ($"{Created}_create_notes.sql", """
            -- why: notes to migrate
            -- cutover:up
            CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, tag text);
            INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'b'), (3, 'c');
            -- cutover:down
            DROP TABLE notes;
            """),
        ($"{Hostile}_hostile_text.sql", $"""
            -- why: {Script} and {Breakout}
            -- cutover:up
            INSERT INTO notes (id, body) VALUES (4, '{Script}{Breakout.Replace("'", "''", StringComparison.Ordinal)}');
            -- cutover:down
            DELETE FROM notes WHERE id = 4;
            """),
        // $$: the backfill's {batch} placeholder is literal; {{…}} are the holes.
        ($"{Broken}_tag_notes.sql", $$"""
            -- why: every note gets a tag, in batches; the batch fails, with markup in the error
            -- cutover:backfill notes batch=2
            UPDATE notes SET tag = (SELECT 'x' FROM "{{Script}}{{Breakout.Replace("\"", "\"\"", StringComparison.Ordinal)}}") WHERE tag IS NULL AND {batch};
            -- cutover:down
            UPDATE notes SET tag = NULL;
            """),
        ($"{Later}_later.sql", """
            -- why: waits behind the failed one
            -- cutover:up
            CREATE TABLE later (id integer PRIMARY KEY);
            -- cutover:down
            DROP TABLE later;
            """),
    ];

    public static async Task<DashboardDatabase> CreateAsync(string engine, CancellationToken cancellationToken)
    {
        var (connection, password) = engine switch
        {
            "sqlite" => (SqliteFiles.NewDatabase(), (string?)null),
            "postgres" => await PasswordConnectionAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "sqlite or postgres"),
        };
        var (folder, config, migrator) = await WriteProjectAsync(engine, connection, Migrations, "cutover-dashboard-", cancellationToken);
        // The backfill's first batch fails and stops the run: the two before it applied, the last one pending.
        await Assert.ThrowsAsync<BackfillException>(() => migrator.UpAsync(new UpOptions(), cancellationToken));
        return new DashboardDatabase(engine, connection, password, config, folder);
    }

    /// <summary>
    /// A project in a new temp folder: <c>migrations/</c> holding <paramref name="files"/>, and the <c>cutover.json</c>
    /// serve reads, naming <paramref name="connection"/>; and a migrator of it.
    /// </summary>
    internal static async Task<(string Folder, string Config, Migrator Migrator)> WriteProjectAsync(
        string engine, string connection, IEnumerable<(string File, string Sql)> files, string prefix, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        foreach (var (file, sql) in files)
            await File.WriteAllTextAsync(Path.Combine(migrations, file), sql + "\n", cancellationToken);
        var config = Path.Combine(folder, "cutover.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, string> { ["connection"] = connection, ["migrations"] = "migrations" }), cancellationToken);
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        return (folder, config, new Migrator(new CutoverOptions { ConnectionString = connection, MigrationsFolder = migrations }, provider));
    }

    /// <summary>A database of its own, reached as a role that logs in with a password, so the pages can be searched for it.</summary>
    private static async Task<(string, string?)> PasswordConnectionAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        await using (var grant = new NpgsqlConnection(admin.ConnectionString))
        {
            await grant.OpenAsync();
            await using var command = new NpgsqlCommand($"GRANT ALL ON SCHEMA public TO {PostgresServer.PasswordUser}; GRANT CREATE ON DATABASE {admin.Database} TO {PostgresServer.PasswordUser}", grant);
            await command.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = PostgresServer.PasswordUser, Password = PostgresServer.Password }.ConnectionString;
        return (connection, PostgresServer.Password);
    }

    /// <summary>The CLI's own build of the configuration the tests were built in (the test project references it, so it is built first).</summary>
    public static string CliDll
    {
        get
        {
            var configuration = typeof(DashboardDatabase).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(RepositoryFolder.Root(), "src", "Cutover.Cli", "bin", configuration, "net10.0", "Cutover.Cli.dll");
        }
    }

    /// <summary>`cutover serve --config … --port …` as a child process, ready once <paramref name="readyPath"/> answers as expected.</summary>
    public Task<AppProcess> ServeAsync(IEnumerable<string> extraArgs, string readyPath, System.Net.HttpStatusCode? readyStatus, CancellationToken cancellationToken) =>
        AppProcess.StartAsync(CliDll, ["serve", "--config", ConfigPath, .. extraArgs], new Dictionary<string, string>(), readyPath, TimeSpan.FromSeconds(60),
            cancellationToken, port => ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], readyStatus);
}
