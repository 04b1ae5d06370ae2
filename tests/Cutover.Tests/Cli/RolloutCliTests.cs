using System.Text.Json;
using Cutover.Tests.Files;

namespace Cutover.Tests.Cli;

/// <summary>`cutover rollout &lt;id&gt;` steers who gets the new shape of an expanded migration; `rollout status` shows every rollout.</summary>
public sealed class RolloutCliTests : IDisposable
{
    private const string Id = "20260101000002";

    private readonly TempFolder _dir = new();

    private async Task ExpandAsync()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(_dir.Path, "cutover.json"), """{ "connection": "Data Source=app.db;Pooling=False", "migrations": "migrations" }""");
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text);
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, $"{Id}_split_users.sql"), "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
        var up = await CliRunner.RunAsync(_dir.Path, "up");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
    }

    [Fact]
    public async Task Rollout_changes_percent_users_and_groups_and_status_shows_them_as_a_table_and_as_json()
    {
        await ExpandAsync();

        var set = await CliRunner.RunAsync(_dir.Path, "rollout", Id, "--percent", "10", "--users", "ada, grace", "--groups", "beta,staff=50");
        var widened = await CliRunner.RunAsync(_dir.Path, "rollout", Id, "--percent", "50");
        var status = await CliRunner.RunAsync(_dir.Path, "rollout", "status");
        var json = await CliRunner.RunAsync(_dir.Path, "rollout", "status", "--json");

        Assert.True(set.ExitCode == 0 && widened.ExitCode == 0 && status.ExitCode == 0 && json.ExitCode == 0, set.Stderr + widened.Stderr + status.Stderr + json.Stderr);
        var row = status.Stdout.Split('\n').Single(l => l.Contains(Id, StringComparison.Ordinal));
        Assert.Contains("50%", row, StringComparison.Ordinal);
        Assert.Contains("ada, grace", row, StringComparison.Ordinal);
        Assert.Contains("beta 100%, staff 50%", row, StringComparison.Ordinal);
        var stored = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("cutover:" + Id, 50), (stored.GetProperty("flag").GetString(), stored.GetProperty("percent").GetInt32()));
        Assert.Contains("rollout", (await CliRunner.RunAsync(_dir.Path, "history")).Stdout, StringComparison.Ordinal);
        Assert.Contains("(expanded, rollout 50%)", (await CliRunner.RunAsync(_dir.Path, "status")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--percent", "150", "must be 0 to 100")]
    [InlineData("--groups", "beta=lots", "is not <group>=<percentage>")]
    public async Task A_bad_rollout_exits_2_with_one_line_and_changes_nothing(string option, string value, string problem)
    {
        await ExpandAsync();

        var refused = await CliRunner.RunAsync(_dir.Path, "rollout", Id, option, value);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(problem, refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("no rollouts", (await CliRunner.RunAsync(_dir.Path, "rollout", "status")).Stdout.Trim());
    }

    [Fact]
    public async Task Rolling_out_a_migration_without_expanded_operations_exits_1()
    {
        await ExpandAsync();

        var refused = await CliRunner.RunAsync(_dir.Path, "rollout", "20260101000001", "--percent", "5");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("only a migration whose operations are expanded", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_before_the_soak_and_abort_with_users_on_the_new_shape_exit_4_and_abort_force_needs_a_reason()
    {
        await ExpandAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(_dir.Path, "verify", Id)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(_dir.Path, "rollout", Id, "--percent", "100")).ExitCode);

        var complete = await CliRunner.RunAsync(_dir.Path, "complete", Id);
        var abort = await CliRunner.RunAsync(_dir.Path, "abort", Id);
        var noReason = await CliRunner.RunAsync(_dir.Path, "abort", Id, "--force");

        Assert.Equal((4, 4, 2), (complete.ExitCode, abort.ExitCode, noReason.ExitCode));
        Assert.Contains("less than the soak of 60 minute(s)", complete.Stderr, StringComparison.Ordinal);
        Assert.Contains("rolloutSoakMinutes", complete.Stderr, StringComparison.Ordinal);
        Assert.Contains("still sends users to the new shape (100%)", abort.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force needs --reason", noReason.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(_dir.Path, "abort", Id, "--force", "--reason", "rolled back on purpose")).ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
