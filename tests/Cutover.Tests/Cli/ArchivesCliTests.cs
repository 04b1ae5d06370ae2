using System.Text.Json;
using Cutover.Tests.Files;

namespace Cutover.Tests.Cli;

/// <summary>`cutover archives` lists the archive tables complete keeps; `--purge` drops those whose retention window has passed.</summary>
public abstract class ArchivesCliSpecification : IDisposable
{
    private const string Id = "20260101000002";
    private protected readonly TempFolder _dir = new();
    private string? _db;

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>The archive table's name as the engine's purge names it (schema-qualified on PostgreSQL).</summary>
    private protected abstract string Archive { get; }

    /// <summary>The CLI in the project folder, on this test's database.</summary>
    private async Task<CliResult> RunAsync(params string[] args) =>
        await CliRunner.RunAsync(_dir.Path, [.. args, "--connection", _db ??= await NewDatabaseAsync()]);

    /// <summary>users.legacy dropped by a completed operation, with its archive kept <paramref name="retentionDays"/> days.</summary>
    private async Task CompleteAsync(int retentionDays)
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(_dir.Path, "cutover.json"),
            $$"""{ "migrations": "migrations", "archiveRetentionDays": {{retentionDays}} }""");
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, legacy text);
            INSERT INTO users (id, name, legacy) VALUES (1, 'Ada Lovelace', 'a');
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, $"{Id}_drop_legacy.sql"), "-- cutover:op drop-column users.legacy\n");
        foreach (var args in new[] { new[] { "up" }, ["complete", Id] })
        {
            var result = await RunAsync(args);
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        }
    }

    private async Task<CliResult> CutoverAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return result;
    }

    [Fact]
    public async Task Archives_lists_an_archive_inside_its_window_and_purge_keeps_it()
    {
        await CompleteAsync(retentionDays: 7);

        var listed = await CutoverAsync("archives");
        var purge = await CutoverAsync("archives", "--purge");

        var row = listed.Stdout.Split('\n').Single(l => l.Contains(Id, StringComparison.Ordinal));
        Assert.Contains("drop_legacy", row, StringComparison.Ordinal);
        Assert.Contains("cutover_archive_20260101000002_users", row, StringComparison.Ordinal);
        Assert.Matches(@"│\s*kept\s*│", row);
        Assert.Equal("nothing expired: no archive table was dropped", purge.Stdout.Trim());
        Assert.Contains(Id, (await CutoverAsync("archives")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archives_marks_an_expired_archive_and_purge_drops_it_prints_it_and_logs_it()
    {
        await CompleteAsync(retentionDays: 0);

        var listed = await CutoverAsync("archives");
        var purge = await CutoverAsync("archives", "--purge");
        var again = await CutoverAsync("archives", "--purge");

        Assert.Matches(@"│\s*expired\s*│", listed.Stdout.Split('\n').Single(l => l.Contains(Id, StringComparison.Ordinal)));
        Assert.Contains("`cutover archives --purge` drops", listed.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"^{Id}: dropped {System.Text.RegularExpressions.Regex.Escape(Archive)} \(kept until \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\)$", purge.Stdout.Trim());
        Assert.Equal("nothing expired: no archive table was dropped", again.Stdout.Trim());
        Assert.Equal("no archives are kept", (await CutoverAsync("archives")).Stdout.Trim());
        Assert.Matches($@"purge\s*│\s*{Id}\s*│\s*ok\b", (await CutoverAsync("history")).Stdout);
        var down = await RunAsync("down", "--accept-data-loss");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("can no longer be undone", down.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archives_and_purge_print_json()
    {
        await CompleteAsync(retentionDays: 0);

        using var listed = JsonDocument.Parse((await CutoverAsync("archives", "--json")).Stdout);
        using var purged = JsonDocument.Parse((await CutoverAsync("archives", "--purge", "--json")).Stdout);
        using var empty = JsonDocument.Parse((await CutoverAsync("archives", "--json")).Stdout);

        var archive = Assert.Single(listed.RootElement.GetProperty("archives").EnumerateArray());
        Assert.Equal(Id, archive.GetProperty("migrationId").GetString());
        Assert.Equal("drop_legacy", archive.GetProperty("name").GetString());
        Assert.Equal(Archive, Assert.Single(archive.GetProperty("tables").EnumerateArray()).GetString());
        Assert.True(archive.GetProperty("expired").GetBoolean());
        Assert.Equal(JsonValueKind.String, archive.GetProperty("completedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, archive.GetProperty("retainUntil").ValueKind);
        var drop = Assert.Single(purged.RootElement.GetProperty("purged").EnumerateArray());
        Assert.Equal(Id, drop.GetProperty("migrationId").GetString());
        Assert.Equal(Archive, Assert.Single(drop.GetProperty("tables").EnumerateArray()).GetString());
        Assert.Equal(archive.GetProperty("retainUntil").GetString(), drop.GetProperty("retainedUntil").GetString());
        Assert.Empty(empty.RootElement.GetProperty("archives").EnumerateArray());
    }

    [Fact]
    public async Task Archives_without_a_database_to_reach_fails_as_bad_input()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "cutover.json"), """{ "migrations": "migrations" }""");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations"));

        var result = await CliRunner.RunAsync(_dir.Path, "archives", "--purge");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteArchivesCliTests : ArchivesCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(_dir.Path, "app.db")};Pooling=False");

    private protected override string Archive => "\"cutover_archive_20260101000002_users\"";
}

public sealed class PostgresArchivesCliTests : ArchivesCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Infrastructure.PostgresServer.CreateDatabaseAsync();

    private protected override string Archive => "\"public\".\"cutover_archive_20260101000002_users\"";
}
