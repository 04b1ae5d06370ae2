using System.Text.Json;
using Cutover.Cli;
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
        var status = JsonDocument.Parse(queued.Stdout).RootElement.GetProperty("backfills")[0];
        Assert.Equal(("20260101000001/2", "queued", 5), (status.GetProperty("id").GetString(), status.GetProperty("state").GetString(), status.GetProperty("totalEstimate").GetInt32()));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"backfill 20260101000001/2 {Users}: 5 of ~5 rows (100%)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("│ done ", done.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 of ~5", done.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_verify_every_verifies_the_expanded_migrations_and_a_schedule_of_zero_is_bad_input()
    {
        Project.Write("20260101000002", "retype_role", """
            -- cutover:op alter-column users.role type varchar(40) up "upper(role)" down "lower(role)"
            """);
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var run = await Cutover("backfill", "run", "--once", "--verify-every", "1");
        var zero = await Cutover("backfill", "run", "--verify-every", "0");
        var history = await Cutover("history", "--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Matches(@"verified 20260101000002: 5 row\(s\) compared in \d+ ms, 0 mismatching", run.Stderr);
        Assert.Contains(JsonDocument.Parse(history.Stdout).RootElement.GetProperty("entries").EnumerateArray(),
            e => e.GetProperty("action").GetString() == "verify" && e.GetProperty("migrationId").GetString() == "20260101000002" && e.GetProperty("outcome").GetString() == "clean");
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal(["error: --verify-every 0: must be a positive number of minutes"], zero.ErrorLines);
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

    [Fact]
    public async Task Ctrl_c_during_a_foreground_backfill_then_backfill_cancel_then_down_rolls_the_migration_back()
    {
        // Issue 12 item 7: this sequence used to be a dead end (`up` said roll back, `down` said finish it first).
        Project.Write("20260101000002", "scores", """
            -- cutover:up
            CREATE TABLE scores (id integer PRIMARY KEY, v integer);
            INSERT INTO scores (id) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18), (19), (20);
            -- cutover:backfill scores batch=1 pause=300
            UPDATE scores SET v = 1 WHERE {batch};
            -- cutover:down
            DROP TABLE scores;
            """);
        Assert.Equal(0, (await Cutover("up", "--to", "20260101000001")).ExitCode);
        var before = await Cutover("schema", "dump");
        var db = await DatabaseAsync();

        using var ctrlC = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var up = CliApp.RunAsync(["up", "--connection", db], stdout, stderr, new Dictionary<string, string?>(), ctrlC.Token, Project.Root);
        // Ctrl+C once two batches are committed: mid-backfill, for real.
        var batches = 0;
        while (batches < 2 && !up.IsCompleted)
        {
            await Task.Delay(50);
            var status = await Cutover("backfill", "status", "--json");
            batches = status.ExitCode == 0
                ? JsonDocument.Parse(status.Stdout).RootElement.GetProperty("backfills").EnumerateArray().Where(b => b.GetProperty("migrationId").GetString() == "20260101000002")
                    .Select(b => b.GetProperty("batches").GetInt32()).FirstOrDefault()
                : 0;
        }
        ctrlC.Cancel();
        var interrupted = await up;
        var cancelled = await Cutover("backfill", "cancel", "20260101000002");
        var down = await Cutover("down", "--accept-data-loss");
        var after = await Cutover("schema", "dump");

        Assert.NotEqual(0, interrupted);
        Assert.Contains("cancelled", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Empty(down.ErrorLines);
        Assert.Equal(before.Stdout, after.Stdout);
        var left = await Cutover("backfill", "status", "--json");
        Assert.DoesNotContain(JsonDocument.Parse(left.Stdout).RootElement.GetProperty("backfills").EnumerateArray(), b => b.GetProperty("migrationId").GetString() == "20260101000002");
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
