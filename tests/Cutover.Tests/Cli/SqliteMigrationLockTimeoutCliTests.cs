using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Cli;

/// <summary>
/// docs/exit-codes.md: 3 when the migration lock was not obtained in time — another runner held it longer than
/// lockWaitSeconds, and the message names who holds it. Run through the real `cutover` process on SQLite.
/// </summary>
public sealed class SqliteMigrationLockTimeoutCliTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public async Task Up_exits_3_naming_the_holder_when_another_runner_keeps_the_migration_lock_past_lockWaitSeconds()
    {
        var db = SqliteFiles.NewDatabase();
        var lockFile = Path.GetFullPath(new SqliteConnectionStringBuilder(db).DataSource) + ".cutover-lock";
        _files.WriteTable("20260101000001", "a");
        File.WriteAllText(Path.Combine(_files.Root, "cutover.json"), """{ "migrations": "migrations", "lockWaitSeconds": 1 }""");
        var provider = new SqliteProvider();

        // Another runner (this test process, through the library) holds the migration lock and does not let go.
        await using (var connection = await provider.OpenAsync(db, forReading: false, CancellationToken.None))
        await using (await provider.AcquireMigrationLockAsync(connection, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None))
        {
            var (code, stderr) = await RunAsync("up", "--connection", db);

            Assert.Equal(3, code);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var holder = $"held by pid {Environment.ProcessId} ({Environment.UserName}@{Environment.MachineName}) since ";
            // While it waits it says for whom; when it gives up, one error line naming the lock and its holder, then the hint.
            Assert.StartsWith($"warning: Waiting for the migration lock: {holder}", lines[0], StringComparison.Ordinal);
            var error = lines.FindIndex(l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.True(error >= 0, stderr);
            Assert.StartsWith($"error: migration lock {lockFile} not obtained within 1 s: {holder}", lines[error], StringComparison.Ordinal);
            Assert.Equal("hint: wait for the other runner to finish, or stop it", lines[error + 1]);
            Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
            // Nothing ran: the migration's table is not there.
            Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE name = 'a'"));
        }

        // Once the holder lets go, the same command goes through.
        var (after, afterStderr) = await RunAsync("up", "--connection", db);
        Assert.True(after == 0, afterStderr);
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM a"));
    }

    private async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        using var process = CliProcess.Start(_files.Root, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection(db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
