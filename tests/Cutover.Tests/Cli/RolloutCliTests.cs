using System.Text.Json;
using Cutover.Tests.Files;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Cli;

/// <summary>`cutover rollout &lt;id&gt;` steers who gets the new shape of an expanded migration; `rollout status` shows every rollout.</summary>
public abstract class RolloutCliSpecification : IDisposable
{
    private const string Id = "20260101000002";

    private protected readonly TempFolder Dir = new();
    private string? _db;

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>The CLI in the project folder, on this test's database.</summary>
    private async Task<CliResult> CutoverAsync(params string[] args) =>
        await CliRunner.RunAsync(Dir.Path, [.. args, "--connection", _db ??= await NewDatabaseAsync()]);

    private async Task ExpandAsync()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(Dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(Dir.Path, "cutover.json"), """{ "migrations": "migrations" }""");
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text);
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, $"{Id}_split_users.sql"), "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
        var up = await CutoverAsync("up");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
    }

    [Fact]
    public async Task Rollout_changes_percent_users_and_groups_and_status_shows_them_as_a_table_and_as_json()
    {
        await ExpandAsync();

        var set = await CutoverAsync("rollout", Id, "--percent", "10", "--users", "ada, grace", "--groups", "beta,staff=50");
        var widened = await CutoverAsync("rollout", Id, "--percent", "50");
        var status = await CutoverAsync("rollout", "status");
        var json = await CutoverAsync("rollout", "status", "--json");

        Assert.True(set.ExitCode == 0 && widened.ExitCode == 0 && status.ExitCode == 0 && json.ExitCode == 0, set.Stderr + widened.Stderr + status.Stderr + json.Stderr);
        var row = status.Stdout.Split('\n').Single(l => l.Contains(Id, StringComparison.Ordinal));
        Assert.Contains("50%", row, StringComparison.Ordinal);
        Assert.Contains("ada, grace", row, StringComparison.Ordinal);
        Assert.Contains("beta 100%, staff 50%", row, StringComparison.Ordinal);
        var stored = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("rollouts").EnumerateArray());
        Assert.Equal(("cutover:" + Id, 50), (stored.GetProperty("flag").GetString(), stored.GetProperty("percent").GetInt32()));
        Assert.Contains("rollout", (await CutoverAsync("history")).Stdout, StringComparison.Ordinal);
        Assert.Contains("(expanded, rollout 50%)", (await CutoverAsync("status")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--percent", "150", "must be 0 to 100")]
    [InlineData("--groups", "beta=lots", "is not <group>=<percentage>")]
    public async Task A_bad_rollout_exits_2_with_one_line_and_changes_nothing(string option, string value, string problem)
    {
        await ExpandAsync();

        var refused = await CutoverAsync("rollout", Id, option, value);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(problem, refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("no rollouts", (await CutoverAsync("rollout", "status")).Stdout.Trim());
    }

    [Fact]
    public async Task Rolling_out_a_migration_without_expanded_operations_exits_1()
    {
        await ExpandAsync();

        var refused = await CutoverAsync("rollout", "20260101000001", "--percent", "5");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("only a migration whose operations are expanded", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_before_the_soak_and_abort_with_users_on_the_new_shape_exit_4_and_abort_force_needs_a_reason()
    {
        await ExpandAsync();
        Assert.Equal(0, (await CutoverAsync("verify", Id)).ExitCode);
        Assert.Equal(0, (await CutoverAsync("rollout", Id, "--percent", "100")).ExitCode);

        var complete = await CutoverAsync("complete", Id);
        var abort = await CutoverAsync("abort", Id);
        var noReason = await CutoverAsync("abort", Id, "--force");

        Assert.Equal((4, 4, 2), (complete.ExitCode, abort.ExitCode, noReason.ExitCode));
        Assert.Contains("less than the soak of 60 minute(s)", complete.Stderr, StringComparison.Ordinal);
        Assert.Contains("rolloutSoakMinutes", complete.Stderr, StringComparison.Ordinal);
        Assert.Contains("still sends users to the new shape (100%)", abort.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force needs --reason", noReason.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await CutoverAsync("abort", Id, "--force", "--reason", "rolled back on purpose")).ExitCode);
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRolloutCliTests : RolloutCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(Dir.Path, "app.db")};Pooling=False");
}

public sealed class PostgresRolloutCliTests : RolloutCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
