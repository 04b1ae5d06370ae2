using System.Text.Json;
using Cutover.Tests.Files;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Cli.Json;

/// <summary>
/// The real commands, run on a real database, print what their schema under docs/json says: each --json document is
/// validated against its file with a JSON Schema validator, failures included.
/// </summary>
public abstract class JsonOutputSchemaSpecification : IDisposable
{
    private const string Users = "20260101000001";
    private const string Split = "20260101000002";

    private protected readonly TempFolder Dir = new();
    private string? _db;

    private protected abstract Task<string> NewDatabaseAsync();

    private async Task<CliResult> CutoverAsync(params string[] args) =>
        await CliRunner.RunAsync(Dir.Path, [.. args, "--json", "--connection", _db ??= await NewDatabaseAsync()]);

    /// <summary>Runs one command and checks its exit code and its document.</summary>
    private async Task<CliResult> ExpectAsync(int exitCode, string schema, params string[] args)
    {
        var result = await CutoverAsync(args);
        Assert.True(result.ExitCode == exitCode, $"cutover {string.Join(' ', args)}: exit {result.ExitCode}, not {exitCode}\n{result.Stdout}{result.Stderr}");
        SchemaAssert.Matches(schema, result);
        return result;
    }

    private void WriteProject()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(Dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(Dir.Path, "cutover.json"), """{ "migrations": "migrations" }""");
        // Non-ASCII in names and values: written as is, and still valid JSON.
        File.WriteAllText(Path.Combine(migrations, $"{Users}_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text, "straße" text);
            INSERT INTO users (id, name, bio) VALUES (1, 'Zoë', 'café ☕'), (2, 'Ada', 'maths');
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, $"{Split}_split_users.sql"), "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
    }

    [Fact]
    public async Task Every_database_command_prints_what_its_schema_says()
    {
        WriteProject();
        await ExpectAsync(0, "status.schema.json", "status");
        await ExpectAsync(0, "validate.schema.json", "validate");
        await ExpectAsync(0, "run.schema.json", "up", "--to", Users);
        await ExpectAsync(0, "run.schema.json", "down", "--dry-run");
        await ExpectAsync(0, "run.schema.json", "redo");
        var snapshot = Path.Combine(Dir.Path, "before.json");
        Assert.Equal(0, (await CutoverAsync("schema", "dump", "--out", snapshot)).ExitCode);
        SchemaAssert.Valid(SchemaAssert.Load(Path.Combine(OutputDocuments.Folder, "schema-snapshot.schema.json")), "schema-snapshot.schema.json", File.ReadAllText(snapshot));
        await ExpectAsync(0, "schema-snapshot.schema.json", "schema", "dump");
        var up = await ExpectAsync(0, "run.schema.json", "up");
        Assert.Contains("\"direction\": \"up\"", up.Stdout, StringComparison.Ordinal);

        await ExpectAsync(0, "status.schema.json", "status");
        await ExpectAsync(0, "history.schema.json", "history");
        await ExpectAsync(0, "drift.schema.json", "drift");
        await ExpectAsync(0, "backfill.schema.json", "backfill", "status");
        await ExpectAsync(0, "rollout.schema.json", "rollout", Split, "--percent", "10", "--groups", "béta=50");
        await ExpectAsync(0, "rollout.schema.json", "rollout", "status");
        await ExpectAsync(0, "verify.schema.json", "verify", Split);
        await ExpectAsync(0, "schema-erd.schema.json", "schema", "erd");
        var diff = await ExpectAsync(0, "schema-diff.schema.json", "schema", "diff", snapshot, _db!);
        Assert.NotEmpty(JsonDocument.Parse(diff.Stdout).RootElement.GetProperty("changes").EnumerateArray());
        await ExpectAsync(0, "repair.schema.json", "repair");
        await ExpectAsync(0, "run.schema.json", "complete", Split, "--force", "--reason", "tested");
        await ExpectAsync(0, "archives.schema.json", "archives");
        await ExpectAsync(0, "archives-purge.schema.json", "archives", "--purge");

        // Failures: the error document on stdout, with the exit code the text error has.
        var error = await ExpectAsync(2, "error.schema.json", "down", "--to", "1");
        Assert.Equal("invalidOption", JsonDocument.Parse(error.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        File.AppendAllText(Path.Combine(Dir.Path, "migrations", $"{Users}_create_users.sql"), "-- edited after it ran\n");
        var invalid = await ExpectAsync(4, "validate.schema.json", "validate");
        Assert.Equal("changed", JsonDocument.Parse(invalid.Stdout).RootElement.GetProperty("issues")[0].GetProperty("conflict").GetString());
        var refused = await ExpectAsync(4, "error.schema.json", "up");
        Assert.Equal("changed", JsonDocument.Parse(refused.Stdout).RootElement.GetProperty("error").GetProperty("conflict").GetString());
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteJsonOutputSchemaTests : JsonOutputSchemaSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(Dir.Path, "app.db")};Pooling=False");
}

public sealed class PostgresJsonOutputSchemaTests : JsonOutputSchemaSpecification
{
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
