using System.Diagnostics;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Cli;

/// <summary>
/// The PostgreSQL server restarted (`pg_ctl restart -m fast` / `-m immediate`) in the middle of a step: the error names
/// what the server said, the failure is logged in cutover_log once the server is back, and a rerun finishes the
/// migration. On a private server: the shared one must not be restarted under the other tests.
/// </summary>
public sealed class PostgresServerRestartCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    [Theory]
    // Fast: FATAL 57P01 "terminating connection due to administrator command", the same as pg_terminate_backend.
    [InlineData("fast", "connection lost: the session was terminated by an administrator command: pg_terminate_backend, or a fast shutdown or restart of the server (terminating connection due to administrator command, SQLSTATE 57P01)")]
    // Immediate: only a WARNING 57P01, then the socket closes.
    [InlineData("immediate", "connection lost: the server is shutting down or restarting (terminating connection due to immediate shutdown command, SQLSTATE 57P01); then it closed the connection")]
    public async Task A_server_restart_during_a_step_names_the_cause_logs_it_exits_1_and_a_rerun_completes_the_migration(string mode, string cause)
    {
        await using var server = await PostgresPrivateServer.StartAsync();
        var db = await server.CreateDatabaseAsync();
        await ScalarAsync(db, "CREATE TABLE go (ok int)");
        _project.WriteTable("20260101000001", "a");
        // Sleeps until the test lets it go (a row in go): long enough to restart the server mid-step, instant on the rerun.
        _project.Write("20260101000002", "slow", """
            -- cutover:up
            CREATE TABLE b (id integer PRIMARY KEY);
            SELECT pg_sleep(CASE WHEN (SELECT count(*) FROM go) = 0 THEN 60 ELSE 0 END);
            -- cutover:down
            DROP TABLE b;
            """);
        var startedBefore = await ScalarAsync(db, "SELECT pg_postmaster_start_time()");

        var clock = Stopwatch.StartNew();
        var run = CliRunner.RunAsync(_project.Root, "up", "--connection", db);
        var sleeping = 0L;
        while (sleeping == 0 && clock.Elapsed < TimeSpan.FromSeconds(30) && !run.IsCompleted)
        {
            await Task.Delay(50);
            sleeping = (long)(await ScalarAsync(db, """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(CASE%' AND state = 'active'
                """))!;
        }
        Assert.Equal(1L, sleeping);
        var restart = Stopwatch.StartNew();
        await server.RestartAsync(mode);
        restart.Stop();
        var result = await run;

        // The restart happened, while the step ran, and quickly enough for the runner's 15 s of logging retries.
        Assert.NotEqual(startedBefore, await ScalarAsync(db, "SELECT pg_postmaster_start_time()"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "up ran its 60 s sleep to the end: the restart did not end the session");
        Assert.True(restart.Elapsed < TimeSpan.FromSeconds(10), $"pg_ctl restart took {restart.Elapsed}: too close to the runner's 15 s logging window");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("20260101000002_slow.sql:3", error, StringComparison.Ordinal);
        Assert.Contains(cause, error, StringComparison.Ordinal);
        Assert.Contains("; recorded in the audit log", error, StringComparison.Ordinal);
        Assert.Contains("hint: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("run `cutover up` again: it resumes", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("report the details", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("connection lost|20260101000002", await ScalarAsync(db,
            "SELECT outcome || '|' || migration_id FROM cutover_log WHERE action = 'up' AND outcome <> 'ok' ORDER BY seq DESC LIMIT 1"));
        Assert.Contains(cause[("connection lost: ".Length)..], (string)(await ScalarAsync(db,
            "SELECT detail FROM cutover_log WHERE outcome = 'connection lost'"))!, StringComparison.Ordinal);
        // The step's transaction died with the server: table b is not there, migration a stays applied.
        Assert.Equal(false, await ScalarAsync(db, "SELECT to_regclass('b') IS NOT NULL"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM cutover_history WHERE state = 'applied'"));

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
