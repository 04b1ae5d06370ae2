using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>`down` in a script (no terminal) before it destroys data: what would be lost, exit 2, and the flag that accepts it.</summary>
public abstract class DownDataLossCliSpecification : IDisposable
{
    private readonly MigrationsFolder _project = new();
    private string? _db;

    private protected string Dir => _project.Root;

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>The column as the engine names it in messages (PostgreSQL qualifies it with its schema).</summary>
    private protected abstract string Column { get; }

    private async Task<CliResult> Cutover(params string[] args) =>
        await CliRunner.RunAsync(Dir, [.. args, "--connection", _db ??= await NewDatabaseAsync()]);

    private async Task AppliedWithNicknamesAsync()
    {
        _project.WriteTable("20260101000001", "a");
        _project.Write("20260101000002", "add_nickname", """
            -- cutover:up
            ALTER TABLE a ADD COLUMN nickname text;
            UPDATE a SET nickname = 'written by the app' WHERE id = 1;
            -- cutover:down
            ALTER TABLE a DROP COLUMN nickname;
            """);
        Assert.Equal(0, (await Cutover("up")).ExitCode);
    }

    [Fact]
    public async Task Down_without_a_terminal_refuses_with_exit_2_naming_the_loss_and_the_flag_and_changes_nothing()
    {
        await AppliedWithNicknamesAsync();

        var refused = await Cutover("down");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: rolling back would destroy data: 20260101000002: 1 non-NULL value(s) of column {Column}; nothing was changed", Assert.Single(refused.ErrorLines));
        Assert.Contains("hint: copy what you need first; then roll back with `cutover down --accept-data-loss`", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 applied", (await Cutover("status")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_dry_run_prints_what_it_would_destroy_and_accept_data_loss_rolls_back()
    {
        await AppliedWithNicknamesAsync();

        var dry = await Cutover("down", "--dry-run");
        var down = await Cutover("down", "--accept-data-loss");

        Assert.Equal(0, dry.ExitCode);
        Assert.Contains($"-- 20260101000002_add_nickname (down)\n-- would destroy 1 non-NULL value(s) of column {Column}\n", dry.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(0, down.ExitCode);
        Assert.Contains($"  destroyed 1 non-NULL value(s) of column {Column}", down.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 pending", down.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteDownDataLossCliTests : DownDataLossCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(Dir, "app.db")};Pooling=False");

    private protected override string Column => "a.nickname";
}

public sealed class PostgresDownDataLossCliTests : DownDataLossCliSpecification
{
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override string Column => "public.a.nickname";
}
