using System.Text.Json;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>`cutover up --defer-backfills` and `cutover backfill …` as a user runs them, on each engine.</summary>
public abstract class BackfillCommandTests : IDisposable
{
    private protected readonly MigrationsFolder Project = new();

    private protected abstract Task<string> DatabaseAsync();

    /// <summary>How the backfill names the table its directive wrote as users: as the catalog resolved it.</summary>
    private protected virtual string Users => "users";

    private async Task<CliResult> Cutover(params string[] args) => await CliRunner.RunAsync(Project.Root, [.. args, "--connection", await DatabaseAsync()]);

    protected BackfillCommandTests() =>
        Project.Write("20260101000001", "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3), (4), (5);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};
            -- cutover:up
            CREATE INDEX users_role ON users (role);
            """);

    [Fact]
    public async Task Up_defers_the_backfill_status_shows_it_and_run_finishes_it()
    {
        var up = await Cutover("up", "--defer-backfills");
        var queued = await Cutover("backfill", "status", "--json");
        var run = await Cutover("backfill", "run", "--once");
        var done = await Cutover("backfill", "status");

        Assert.Equal(0, up.ExitCode);
        Assert.Contains("backfill 20260101000001/2 is left to a background runner (`cutover backfill run`)", up.Stdout, StringComparison.Ordinal);
        Assert.Contains("backfilling", up.Stdout, StringComparison.Ordinal);
        var status = JsonDocument.Parse(queued.Stdout).RootElement[0];
        Assert.Equal(("20260101000001/2", "queued", 5), (status.GetProperty("id").GetString(), status.GetProperty("state").GetString(), status.GetProperty("totalEstimate").GetInt32()));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"backfill 20260101000001/2 {Users}: 5 of ~5 rows (100%)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("│ done ", done.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 of ~5", done.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steering_an_unknown_backfill_is_bad_input_and_a_finished_one_cannot_be_paused()
    {
        await Cutover("up");

        var unknown = await Cutover("backfill", "pause", "20990101000000");
        var finished = await Cutover("backfill", "pause", "20260101000001");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal(["error: no backfill has the id 20990101000000"], unknown.ErrorLines);
        Assert.Contains("hint: known: 20260101000001/2", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, finished.ExitCode);
        Assert.Equal(["error: backfill 20260101000001/2 is done; only a queued, running, failed backfill can be paused"], finished.ErrorLines);
    }

    public void Dispose()
    {
        Project.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteBackfillCommandTests : BackfillCommandTests
{
    private protected override Task<string> DatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(Project.Root, "app.db")};Pooling=False");
}

public sealed class PostgresBackfillCommandTests : BackfillCommandTests
{
    private readonly Lazy<Task<string>> _database = new(PostgresServer.CreateDatabaseAsync);

    private protected override Task<string> DatabaseAsync() => _database.Value;

    private protected override string Users => "public.users";
}
