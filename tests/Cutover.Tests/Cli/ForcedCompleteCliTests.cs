using Cutover.Tests.Files;

namespace Cutover.Tests.Cli;

/// <summary>`cutover complete --force --reason`: the contract runs without a verification, and the audit log keeps why.</summary>
public sealed class ForcedCompleteCliTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private async Task ExpandAsync()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(_dir.Path, "cutover.json"), """{ "connection": "Data Source=app.db;Pooling=False", "migrations": "migrations" }""");
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text);
            INSERT INTO users (id, name) VALUES (1, 'Ada Lovelace');
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, "20260101000002_split_names.sql"), """
            -- cutover:op split-column users.name into (first_name text up "substr(name, 1, instr(name || ' ', ' ') - 1)", last_name text up "nullif(substr(name, instr(name || ' ', ' ') + 1), '')") down "trim(first_name || ' ' || coalesce(last_name, ''))"
            """);
        var up = await CliRunner.RunAsync(_dir.Path, "up");
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
    }

    [Fact]
    public async Task A_forced_complete_contracts_without_a_verification_and_logs_the_reason()
    {
        await ExpandAsync();

        var result = await CliRunner.RunAsync(_dir.Path, "complete", "20260101000002", "--force", "--reason", "compared by hand on the staging copy");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("applied (completed)", (await CliRunner.RunAsync(_dir.Path, "status")).Stdout, StringComparison.Ordinal);
        var history = (await CliRunner.RunAsync(_dir.Path, "history")).Stdout;
        Assert.Matches(@"complete\s*│\s*20260101000002\s*│\s*forced\b", history);
        Assert.Contains("compared by hand on the staging copy", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_complete_without_a_reason_is_bad_input_and_changes_nothing()
    {
        await ExpandAsync();

        var result = await CliRunner.RunAsync(_dir.Path, "complete", "20260101000002", "--force");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("applied (expanded)", (await CliRunner.RunAsync(_dir.Path, "status")).Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
