using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Packaging;

/// <summary>
/// The user's scenario for the Native AOT binary: copy the one `cutover` file into an empty folder and run it
/// there. SQLite has to be inside the binary (no libe_sqlite3.so beside it), and PostgreSQL has to work too.
/// </summary>
public sealed class SingleBinaryTests : IDisposable
{
    private const string Id = "20260101000000";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cutover-tests", "single-" + Guid.NewGuid().ToString("N"));

    public SingleBinaryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_binary_alone_migrates_a_sqlite_file_with_json_functions()
    {
        var cutover = await CopyBinaryAloneAsync();
        // json_valid and json_extract run inside the binary's SQLite: the CHECK on insert, the index on its rows.
        WriteMigration("""
            CREATE TABLE events (id integer PRIMARY KEY, payload text NOT NULL CHECK (json_valid(payload)));
            -- cutover:allow data-change-in-up a test table of one row
            INSERT INTO events (id, payload) VALUES (1, '{"kind": "signup"}');
            CREATE INDEX events_kind ON events (json_extract(payload, '$.kind'));
            """);
        const string connection = "Data Source=app.db";

        var up = await PublishedCli.RunAsync(cutover, _folder, "up", "--connection", connection);
        var status = await PublishedCli.RunAsync(cutover, _folder, "status", "--connection", connection);

        Assert.True(up.ExitCode == 0, up.Output);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains(Id, status.Output, StringComparison.Ordinal);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_folder, "app.db")};Pooling=False");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT json_extract(payload, '$.kind') FROM events";
        Assert.Equal("signup", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_binary_alone_migrates_postgresql()
    {
        var cutover = await CopyBinaryAloneAsync();
        WriteMigration("""
            CREATE TABLE events (id integer PRIMARY KEY, payload jsonb NOT NULL);
            """);
        var connection = await PostgresServer.CreateDatabaseAsync();

        var up = await PublishedCli.RunAsync(cutover, _folder, "up", "--connection", connection);
        var status = await PublishedCli.RunAsync(cutover, _folder, "status", "--connection", connection);

        Assert.True(up.ExitCode == 0, up.Output);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains(Id, status.Output, StringComparison.Ordinal);
        Assert.Equal(0L, await PostgresServer.ScalarAsync(connection, "SELECT count(*) FROM events"));
    }

    /// <summary>Copies only the published `cutover` file (File.Copy keeps its execute bit) into the empty test folder.</summary>
    private async Task<string> CopyBinaryAloneAsync()
    {
        var copy = Path.Combine(_folder, "cutover");
        File.Copy(await PublishedCli.PathAsync(), copy);
        Assert.Equal(["cutover"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        return copy;
    }

    private void WriteMigration(string up)
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_folder, "migrations")).FullName;
        File.WriteAllText(Path.Combine(migrations, Id + "_create_events.sql"), $"""
            -- why: the test's one migration
            -- cutover:up
            {up}
            -- cutover:down
            DROP TABLE events;

            """);
    }
}
