using Cutover.Postgres;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>
/// A cutover_history row edited by hand — a value Cutover cannot read, or one it never writes (a negative count, an
/// unknown state) — is a validation failure (exit 4) naming the row and the column, for status, validate, up and
/// down alike; nothing runs. SQLite stores text in an integer column; PostgreSQL's types allow only impossible values.
/// </summary>
public abstract class TamperedHistorySpecification : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private Task<CliResult> Cutover(string db, params string[] args) => CliRunner.RunAsync(_project.Root, [.. args, "--connection", db]);

    private protected async Task Every_command_refuses_the_tampered_row_with_exit_4_naming_it(string column, string value)
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");
        var up = await Cutover(db, "up");
        Assert.True(up.ExitCode == 0, up.Stderr);
        _project.WriteTable("20260101000003", "c");
        await ExecuteAsync(db, $"UPDATE cutover_history SET {column} = {value} WHERE id = '20260101000002'");

        foreach (var command in new[] { "status", "validate", "up", "down" })
        {
            var result = await Cutover(db, command);

            Assert.True(result.ExitCode == 4, $"{command}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
            var error = Assert.Single(result.ErrorLines);
            Assert.StartsWith($"error: cutover_history row 20260101000002: {column} ", error, StringComparison.Ordinal);
            Assert.Contains("hint: the row was changed outside Cutover", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected", result.Stderr, StringComparison.Ordinal);
        }

        // Neither up nor down ran anything: b is still there and c was not created.
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM b"));
        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(*) FROM cutover_history"));
    }

    [Fact]
    public async Task An_unfinished_row_claiming_more_steps_than_the_file_has_is_refused_before_up_skips_them()
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        await ExecuteAsync(db, "UPDATE cutover_history SET state = 'running', steps_done = 7 WHERE id = '20260101000001'");
        await ExecuteAsync(db, "DROP TABLE a");

        var up = await Cutover(db, "up");

        Assert.Equal(4, up.ExitCode);
        Assert.Equal("error: cutover_history row 20260101000001: steps_done '7' is not possible for a running migration whose file has 1 up step(s)",
            Assert.Single(up.ErrorLines));
        Assert.Equal(4, (await Cutover(db, "status")).ExitCode);
    }

    private async Task ExecuteAsync(string db, string sql) => await ScalarAsync(db, sql);

    private async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTamperedHistoryTests : TamperedHistorySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    [Theory]
    [InlineData("applied_at", "'not a date'")]
    [InlineData("duration_ms", "'abc'")]
    [InlineData("steps_done", "-5")]
    [InlineData("statements_done", "'x'")]
    [InlineData("state", "'bogus'")]
    [InlineData("operation", "'sideways'")]
    [InlineData("duration_ms", "1.5")]
    public Task A_tampered_row_is_a_validation_failure_naming_row_and_column(string column, string value) =>
        Every_command_refuses_the_tampered_row_with_exit_4_naming_it(column, value);
}

public sealed class PostgresTamperedHistoryTests : TamperedHistorySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    [Theory]
    [InlineData("steps_done", "-5")]
    [InlineData("duration_ms", "-1")]
    [InlineData("state", "'bogus'")]
    [InlineData("operation", "'sideways'")]
    [InlineData("applied_at", "'infinity'")]
    public Task A_tampered_row_is_a_validation_failure_naming_row_and_column(string column, string value) =>
        Every_command_refuses_the_tampered_row_with_exit_4_naming_it(column, value);
}
