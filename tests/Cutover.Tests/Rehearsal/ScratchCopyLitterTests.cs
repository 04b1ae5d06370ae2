using System.Diagnostics;
using Cutover.Postgres;
using Cutover.Sqlite;
using Cutover.Tests.Cli;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Rehearsal;

/// <summary>
/// A rehearsal leaves nothing behind, and cleans up after a rehearsal that was killed: a scratch copy whose maker's
/// process is gone is dropped by the next copy, on both engines; one still in use or kept on purpose stays.
/// </summary>
public sealed class ScratchCopyLitterTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Into => Directory.CreateDirectory(Path.Combine(_project.Root, "copies")).FullName;

    /// <summary>The pid of a process that has exited (started and waited for here).</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public async Task A_sqlite_rehearsal_leaves_no_file_behind()
    {
        _project.WriteTable("20260101000001", "a");
        var db = $"Data Source={Path.Combine(_project.Root, "app.db")};Pooling=False";
        var into = Into;
        Assert.Equal(0, (await CliRunner.RunAsync(_project.Root, "up", "--connection", db)).ExitCode);
        _project.WriteTable("20260101000002", "b");

        var result = await CliRunner.RunAsync(_project.Root, "rehearse", "--connection", db, "--into", into);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Empty(Directory.GetFiles(into));
    }

    [Fact]
    public async Task A_sqlite_copy_left_by_a_killed_rehearsal_is_dropped_by_the_next_one_and_live_or_kept_copies_stay()
    {
        var into = Into;
        using var alive = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            string Leave(string name, int? pid)
            {
                var path = Path.Combine(into, name);
                File.WriteAllText(path, "copy");
                File.WriteAllText(path + ".cutover-lock", "");
                File.WriteAllText(path + ".cutover-lock.info", "pid");
                if (pid is { } p)
                    File.WriteAllText(path + ".cutover-owner", ScratchCopyOwner.TagFor(Environment.MachineName, p));
                return path;
            }
            var stale = Leave("cutover-rehearse-20250101000000-aaaaaa.db", DeadPid());
            var live = Leave("cutover-rehearse-20250101000000-bbbbbb.db", alive.Id);
            var kept = Leave("cutover-rehearse-20250101000000-cccccc.db", null);
            var elsewhere = Path.Combine(into, "cutover-rehearse-20250101000000-dddddd.db");
            File.WriteAllText(elsewhere, "copy");
            File.WriteAllText(elsewhere + ".cutover-owner", ScratchCopyOwner.TagFor("another-machine", DeadPid()));
            var source = SqliteFiles.NewDatabase();
            var provider = new SqliteProvider();
            await (await provider.OpenAsync(source, forReading: false, CancellationToken.None)).DisposeAsync();

            var copy = await provider.CopyAsync(source, into, null, CancellationToken.None);
            await provider.DropCopyAsync(copy, CancellationToken.None);

            Assert.False(File.Exists(stale));
            Assert.Empty(Directory.GetFiles(into, Path.GetFileName(stale) + "*"));
            Assert.True(File.Exists(live) && File.Exists(live + ".cutover-owner"));
            Assert.True(File.Exists(kept));
            Assert.True(File.Exists(elsewhere));
        }
        finally
        {
            alive.Kill();
        }
    }

    [Fact]
    public async Task A_kept_sqlite_copy_is_not_taken_for_litter()
    {
        _project.WriteTable("20260101000001", "a");
        var db = $"Data Source={Path.Combine(_project.Root, "app.db")};Pooling=False";
        var into = Into;
        Assert.Equal(0, (await CliRunner.RunAsync(_project.Root, "up", "--connection", db)).ExitCode);
        _project.WriteTable("20260101000002", "b");

        var result = await CliRunner.RunAsync(_project.Root, "rehearse", "--connection", db, "--into", into, "--keep");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var copy = Assert.Single(Directory.GetFiles(into, "cutover-rehearse-*.db"));
        Assert.False(File.Exists(copy + ".cutover-owner"));
    }

    [Fact]
    public async Task A_postgres_copy_left_by_a_killed_rehearsal_is_dropped_by_the_next_one_and_live_or_foreign_copies_stay()
    {
        var source = await PostgresServer.CreateDatabaseAsync();
        var admin = await PostgresServer.AdminConnectionStringAsync();
        using var alive = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var stale = $"cutover_rehearse_20250101000000_s{suffix}";
        var live = $"cutover_rehearse_20250101000000_l{suffix}";
        var untagged = $"cutover_rehearse_20250101000000_u{suffix}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        async Task ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            foreach (var name in new[] { stale, live, untagged })
                await ExecuteAsync($"CREATE DATABASE {name}");
            await ExecuteAsync($"COMMENT ON DATABASE {stale} IS 'cutover rehearsal copy made by {ScratchCopyOwner.TagFor(Environment.MachineName, DeadPid())}'");
            await ExecuteAsync($"COMMENT ON DATABASE {live} IS 'cutover rehearsal copy made by {ScratchCopyOwner.TagFor(Environment.MachineName, alive.Id)}'");

            var provider = new PostgresProvider();
            var copy = await provider.CopyAsync(source, null, null, CancellationToken.None);
            await provider.DropCopyAsync(copy, CancellationToken.None);

            await using var list = new NpgsqlCommand($"SELECT array_agg(datname::text ORDER BY datname) FROM pg_database WHERE datname LIKE '%{suffix}'", connection);
            Assert.Equal(new[] { live, untagged }, (string[])(await list.ExecuteScalarAsync())!);
        }
        finally
        {
            alive.Kill();
            foreach (var name in new[] { stale, live, untagged })
                await ExecuteAsync($"DROP DATABASE IF EXISTS {name}");
        }
    }

    public void Dispose() => _project.Dispose();
}
