using System.Diagnostics;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Cli;

/// <summary>
/// A PostgreSQL session terminated in the middle of a step (pg_terminate_backend, as an administrator or a failover
/// does) is reported as what it is, logged in cutover_log once the database answers, and a rerun finishes the migration.
/// </summary>
public sealed class PostgresConnectionLostCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    [Fact]
    public async Task A_terminated_session_names_the_cause_logs_it_exits_1_and_a_rerun_completes_the_migration()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await ScalarAsync(db, "CREATE TABLE go (ok int)");
        _project.WriteTable("20260101000001", "a");
        // Sleeps until the test lets it go (a row in go): long enough to be terminated mid-step, instant on the rerun.
        _project.Write("20260101000002", "slow", """
            -- cutover:up
            CREATE TABLE b (id integer PRIMARY KEY);
            SELECT pg_sleep(CASE WHEN (SELECT count(*) FROM go) = 0 THEN 60 ELSE 0 END);
            -- cutover:down
            DROP TABLE b;
            """);

        var clock = Stopwatch.StartNew();
        var run = CliRunner.RunAsync(_project.Root, "up", "--connection", db);
        var terminated = 0;
        while (terminated == 0 && clock.Elapsed < TimeSpan.FromSeconds(30) && !run.IsCompleted)
        {
            await Task.Delay(50);
            terminated = Convert.ToInt32(await ScalarAsync(db, """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(CASE%' AND state = 'active'
                """));
        }
        var result = await run;
        Assert.Equal(1, terminated);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "up ran its 60 s sleep to the end: the session was not terminated");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("20260101000002_slow.sql:3", error, StringComparison.Ordinal);
        Assert.Contains("connection lost: the session was terminated by an administrator", error, StringComparison.Ordinal);
        Assert.Contains("57P01", error, StringComparison.Ordinal);
        Assert.Contains("recorded in the audit log", error, StringComparison.Ordinal);
        Assert.Contains("hint: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("run `cutover up` again: it resumes", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("report the details", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("connection lost|20260101000002", await ScalarAsync(db,
            "SELECT outcome || '|' || migration_id FROM cutover_log WHERE action = 'up' AND outcome <> 'ok' ORDER BY seq DESC LIMIT 1"));
        // The step's transaction rolled back with the session: table b is not there.
        Assert.Equal(false, await ScalarAsync(db, "SELECT to_regclass('b') IS NOT NULL"));

        await ScalarAsync(db, "INSERT INTO go VALUES (1)");
        var rerun = await CliRunner.RunAsync(_project.Root, "up", "--connection", db);

        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        Assert.Contains("applied 20260101000002_slow", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(*) FROM cutover_history WHERE state = 'applied'"));
        Assert.Equal(true, await ScalarAsync(db, "SELECT to_regclass('b') IS NOT NULL"));
    }

    private static Task<object?> ScalarAsync(string db, string sql) => PostgresServer.ScalarAsync(db, sql);

    public void Dispose() => _project.Dispose();
}
