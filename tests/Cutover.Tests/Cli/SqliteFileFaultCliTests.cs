using System.Diagnostics;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Cli;

/// <summary>
/// SQLite files Cutover cannot use — not a database, damaged, read-only, no file at all — are one error line naming
/// the file and exit 2 (bad input, nothing written) from every command, instead of "valid" or an SQLite error code.
/// </summary>
public sealed class SqliteFileFaultCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    private string DbFile => Path.Combine(Dir, "app.db");

    private Task<CliResult> Cutover(string connection, params string[] args) => CliRunner.RunAsync(Dir, [.. args, "--connection", connection]);

    public static TheoryData<string> Commands => new() { "status", "validate", "up", "schema dump", "history", "drift", "rehearse" };

    private static string[] Split(string command) => command.Split(' ');

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_text_file_is_not_a_database_exit_2_naming_the_file_and_left_as_it_was(string command)
    {
        _project.WriteTable("20260101000001", "a");
        File.WriteAllText(DbFile, "this is a shopping list, not a database\n");

        var result = await Cutover($"Data Source={DbFile};Pooling=False", Split(command));

        AssertOneLine(result, $"error: cannot open SQLite database {DbFile}: the file is not a SQLite database");
        Assert.Equal("this is a shopping list, not a database\n", File.ReadAllText(DbFile));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Random_bytes_are_not_a_database_exit_2(string command)
    {
        _project.WriteTable("20260101000001", "a");
        var bytes = new byte[8192];
        new Random(12).NextBytes(bytes);
        File.WriteAllBytes(DbFile, bytes);

        var result = await Cutover($"Data Source={DbFile};Pooling=False", Split(command));

        AssertOneLine(result, $"error: cannot open SQLite database {DbFile}: the file is not a SQLite database");
        Assert.Equal(bytes, File.ReadAllBytes(DbFile));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_truncated_database_is_damaged_exit_2(string command)
    {
        _project.WriteTable("20260101000001", "a");
        var db = $"Data Source={DbFile};Pooling=False";
        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        using (var connection = new SqliteConnection(db))
        {
            connection.Open();
            using var fill = connection.CreateCommand();
            fill.CommandText = "CREATE TABLE filler (x blob); INSERT INTO filler SELECT randomblob(4000) FROM generate_series(1, 50);";
            try { fill.ExecuteNonQuery(); }
            catch (SqliteException)
            {
                // No generate_series in this build: insert one by one.
                fill.CommandText = "CREATE TABLE IF NOT EXISTS filler (x blob)";
                fill.ExecuteNonQuery();
                for (var i = 0; i < 50; i++) { fill.CommandText = "INSERT INTO filler VALUES (randomblob(4000))"; fill.ExecuteNonQuery(); }
            }
        }
        var length = new FileInfo(DbFile).Length;
        using (var file = new FileStream(DbFile, FileMode.Open))
            file.SetLength(length / 3);

        var result = await Cutover(db, Split(command));

        AssertOneLine(result, $"error: cannot open SQLite database {DbFile}: the file is damaged");
        Assert.Equal(length / 3, new FileInfo(DbFile).Length);
    }

    [Fact]
    public async Task A_read_only_database_is_refused_before_up_writes_anything_exit_2()
    {
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover($"Data Source={DbFile};Pooling=False", "status")).ExitCode);
        using (var create = new SqliteConnection($"Data Source={DbFile};Pooling=False"))
        {
            create.Open();
            using var table = create.CreateCommand();
            table.CommandText = "CREATE TABLE existing (id integer)";
            table.ExecuteNonQuery();
        }

        var result = await Cutover($"Data Source={DbFile};Mode=ReadOnly;Pooling=False", "up");

        AssertOneLine(result, $"error: cannot write SQLite database {DbFile}: it is read-only");
        Assert.Contains("hint: make the file and its folder writable", result.Stderr, StringComparison.Ordinal);
        // Reading a read-only database still works.
        Assert.Equal(0, (await Cutover($"Data Source={DbFile};Mode=ReadOnly;Pooling=False", "status")).ExitCode);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("status")]
    public async Task An_empty_data_source_names_no_database_exit_2_instead_of_applying_to_a_temporary_one(string command)
    {
        _project.WriteTable("20260101000001", "a");

        var result = await Cutover("Data Source=", command);

        AssertOneLine(result, "error: the SQLite connection string names no database file (Data Source is empty)");
        Assert.DoesNotContain("applied", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rehearse_waits_with_the_busy_timeout_while_another_session_holds_the_write_lock_then_succeeds()
    {
        _project.WriteTable("20260101000001", "a");
        var db = $"Data Source={DbFile};Pooling=False";
        Assert.Equal(0, (await Cutover(db, "up", "--to", "20260101000001")).ExitCode);
        _project.WriteTable("20260101000002", "b");

        // A writer (as `up` is while it runs a step) holds the database's exclusive lock for 1.5 s.
        var holder = new SqliteConnection(db);
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO a (id, name) VALUES (2, 'held');";
            begin.ExecuteNonQuery();
        }
        var released = new TaskCompletionSource<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var release = Task.Run(async () =>
        {
            await Task.Delay(1500);
            using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
            holder.Dispose();
            released.SetResult(clock.Elapsed);
        });

        var result = await Cutover(db, "rehearse", "--into", Dir);
        var took = clock.Elapsed;
        await release;

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.DoesNotContain("locked", result.Stderr, StringComparison.OrdinalIgnoreCase);
        // It waited for the holder: it could not have copied before the lock was released.
        Assert.True(took >= await released.Task, $"rehearse finished after {took}, the lock was released after {await released.Task}");
        Assert.True(took >= TimeSpan.FromMilliseconds(1400), $"rehearse took {took}");
    }

    [Fact]
    public async Task The_copy_for_a_rehearsal_waits_for_a_writer_holding_the_source_then_copies_what_it_committed()
    {
        var source = $"Data Source={DbFile};Pooling=False";
        var holder = new SqliteConnection(source);
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "CREATE TABLE t (id integer); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);";
            begin.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        var release = Task.Run(async () =>
        {
            await Task.Delay(1500);
            using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
            holder.Dispose();
            return clock.Elapsed;
        });
        var provider = new Cutover.Sqlite.SqliteProvider();

        var copy = await provider.CopyAsync(source, Dir, null, CancellationToken.None);
        var took = clock.Elapsed;
        var released = await release;

        try
        {
            Assert.True(took >= released, $"the copy finished after {took}, before the writer let go after {released}");
            using var read = new SqliteConnection(copy.ConnectionString);
            read.Open();
            using var count = read.CreateCommand();
            count.CommandText = "SELECT count(*) FROM t";
            Assert.Equal(1L, count.ExecuteScalar());
        }
        finally
        {
            await provider.DropCopyAsync(copy, CancellationToken.None);
        }
    }

    private static void AssertOneLine(CliResult result, string expectedStart)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
        var error = Assert.Single(result.ErrorLines);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Error 26", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _project.Dispose();
}
