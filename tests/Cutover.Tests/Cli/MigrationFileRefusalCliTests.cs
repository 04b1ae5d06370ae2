using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cutover.Tests.Cli;

/// <summary>
/// Migration files the adversarial pass of issue 12 broke, run through the CLI on both engines: transaction control
/// in a step, a NUL byte, a backfill after the down step, a directory named like a migration are refused before
/// anything runs (exit 2, file:line, nothing written, `check` reports them); a step holding only comments is a no-op;
/// a lone CR and the text {batch} inside literals reach the database as written.
/// </summary>
public sealed class MigrationFileRefusalCliTests : IDisposable
{
    // Before the fix a NUL byte made SQLite wait forever holding the write lock: no run may hang the suite.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly MigrationsFolder _project = new();

    private const string CommitInUp = "-- cutover:up\nCREATE TABLE x1(id int);\nCOMMIT;\nCREATE TABLE x2(id int);\nINSERT INTO nosuch VALUES (1);\n-- cutover:down\nDROP TABLE x2;\nDROP TABLE x1;\n";
    private const string NulBytes = "-- cutover:up\nCREATE TABLE x1(id int);\n\0\0\0";
    private const string NulInComment = "-- cutover:up\nCREATE TABLE x1(id int); -- \0\n-- cutover:down\nDROP TABLE x1;\n";
    private const string NulBeforeSemicolon = "-- cutover:up\nCREATE TABLE x1(id int)\0;\n-- cutover:down\nDROP TABLE x1;\n";
    private const string BackfillAfterDown = "-- cutover:up\nCREATE TABLE x1(id int, n int);\n-- cutover:down\nDROP TABLE x1;\n-- cutover:backfill x1\nUPDATE x1 SET n = 1 WHERE {batch};\n";
    private const string BatchInLiteral = "-- cutover:up\nCREATE TABLE x1(id int PRIMARY KEY, n int);\n-- cutover:backfill x1\nUPDATE x1 SET n = n + 1 WHERE id > 0 AND '{batch}' = '{batch}';\n-- cutover:down\nDROP TABLE x1;\n";

    public static TheoryData<string, string, int, string> RefusedFiles => new()
    {
        // name, text, line, what the error says
        { "commit in up", CommitInUp, 3, "COMMIT in a '-- cutover:up' step" },
        { "nul bytes at the end", NulBytes, 3, "NUL byte (\\0) in the file" },
        { "nul in a comment", NulInComment, 2, "NUL byte (\\0) in the file" },
        { "nul before the semicolon", NulBeforeSemicolon, 2, "NUL byte (\\0) in the file" },
        { "backfill after down", BackfillAfterDown, 5, "backfill step after the down step on line 3" },
        { "batch in a literal", BatchInLiteral, 4, "the backfill statement's {batch} placeholder is inside a string or comment" },
    };

    private Task<CliResult> RunAsync(params string[] args) => Task.Run(() => CliRunner.RunAsync(_project.Root, args)).WaitAsync(Limit);

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Sqlite_up_dry_run_and_status_refuse_the_file_naming_its_line_and_write_nothing(string name, string text, int line, string expected)
    {
        _ = name;
        _project.Write("20260101000000", "bad", text);
        var path = SqliteFiles.NewPath();

        foreach (var command in new[] { new[] { "up" }, ["up", "--dry-run"], ["status"] })
        {
            var result = await RunAsync([.. command, "--connection", $"Data Source={path}"]);

            Assert.Equal(2, result.ExitCode);
            var error = Assert.Single(result.ErrorLines);
            Assert.Contains($"20260101000000_bad.sql:{line}: {expected}", error);
            Assert.Empty(result.Stdout);
            // The database file is never created: no table x1, no history row.
            Assert.False(File.Exists(path), $"{string.Join(' ', command)} created the database");
        }
    }

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Postgres_up_refuses_the_file_naming_its_line_and_writes_nothing(string name, string text, int line, string expected)
    {
        _ = name;
        _project.Write("20260101000000", "bad", text);
        var db = await PostgresServer.CreateDatabaseAsync();

        var result = await RunAsync("up", "--connection", db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"20260101000000_bad.sql:{line}: {expected}", Assert.Single(result.ErrorLines));
        Assert.Equal((false, false), await TablesExistAsync(db));
    }

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task Check_reports_the_file_at_its_line(string name, string text, int line, string expected)
    {
        _project.Write("20260101000000", "bad", text);
        Assert.Equal(0, (await RunAsync("sum")).ExitCode);

        var result = await RunAsync("check", "--dialect", "sqlite");

        Assert.Equal(1, result.ExitCode);
        var rule = name == "commit in up" ? "transaction-control" : "unparsable";
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith($"migrations/20260101000000_bad.sql:{line}: error {rule}: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_and_postgres_refuse_transaction_control_in_a_no_transaction_step_too()
    {
        _project.Write("20260101000000", "bad", "-- cutover:up no-transaction\nCREATE TABLE x1(id int);\nBEGIN;\nCREATE TABLE x2(id int);\nCOMMIT;\n");
        var path = SqliteFiles.NewPath();
        var db = await PostgresServer.CreateDatabaseAsync();

        foreach (var connection in new[] { $"Data Source={path}", db })
        {
            var result = await RunAsync("up", "--connection", connection);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("20260101000000_bad.sql:3: BEGIN in a '-- cutover:up no-transaction' step", Assert.Single(result.ErrorLines));
        }
        Assert.False(File.Exists(path));
        Assert.Equal((false, false), await TablesExistAsync(db));
    }

    [Fact]
    public async Task A_directory_named_like_a_migration_is_bad_input_for_up_and_a_finding_for_check()
    {
        _project.WriteTable("20260101000000", "a");
        var directory = Directory.CreateDirectory(Path.Combine(_project.Folder, "20260102000000_b.sql")).FullName;
        var path = SqliteFiles.NewPath();

        var up = await RunAsync("up", "--connection", $"Data Source={path}");

        Assert.Equal(2, up.ExitCode);
        Assert.Contains($"{directory}: a directory named like a migration file", Assert.Single(up.ErrorLines));
        Assert.False(File.Exists(path));

        var check = await RunAsync("check", "--dialect", "sqlite");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains(check.Stdout.Split('\n'), l => l.Contains("20260102000000_b.sql:1: error unparsable: a directory named like a migration file", StringComparison.Ordinal));
    }

    private const string CommentOnly = """
        -- why: the PostgreSQL release of this change rebuilt an index; SQLite has nothing to do
        -- cutover:up
        -- nothing to do on this engine
        -- cutover:down
        /* nothing to undo */
        """;

    [Fact]
    public async Task A_comment_only_migration_applies_and_rolls_back_as_a_no_op_on_sqlite_and_postgres_and_check_warns()
    {
        _project.WriteTable("20260101000000", "a");
        _project.Write("20260101000001", "noop", CommentOnly);
        var path = SqliteFiles.NewPath();
        var db = await PostgresServer.CreateDatabaseAsync();

        foreach (var connection in new[] { $"Data Source={path};Pooling=False", db })
        {
            var up = await RunAsync("up", "--connection", connection);
            Assert.True(up.ExitCode == 0, up.Stderr);
            Assert.Equal(2, await AppliedAsync(connection));

            var down = await RunAsync("down", "--connection", connection);
            Assert.True(down.ExitCode == 0, down.Stderr);
            Assert.Equal(1, await AppliedAsync(connection));

            Assert.Equal(0, (await RunAsync("up", "--connection", connection)).ExitCode);
            Assert.Equal(2, await AppliedAsync(connection));
        }

        Assert.Equal(0, (await RunAsync("sum")).ExitCode);
        var check = await RunAsync("check", "--dialect", "sqlite");
        Assert.Equal(0, check.ExitCode);
        var lines = check.Stdout.Split('\n');
        Assert.Contains("migrations/20260101000001_noop.sql:2: warning no-op-step: the '-- cutover:up' step holds only comments: it runs nothing", lines);
        Assert.Contains("migrations/20260101000001_noop.sql:4: warning no-op-step: the '-- cutover:down' step holds only comments: it runs nothing", lines);
        Assert.DoesNotContain(lines, l => l.Contains("missing-down", StringComparison.Ordinal));
        Assert.Equal(1, (await RunAsync("check", "--dialect", "sqlite", "--strict")).ExitCode);
    }

    [Fact]
    public async Task A_lone_cr_inside_a_literal_reaches_the_database_as_written_on_sqlite_and_postgres()
    {
        _project.Write("20260101000000", "cr", "-- cutover:up\nCREATE TABLE notes (id int PRIMARY KEY, body text);\nINSERT INTO notes VALUES (1, 'a\rb');\n-- cutover:down\nDROP TABLE notes;\n");
        var path = SqliteFiles.NewPath();
        var db = await PostgresServer.CreateDatabaseAsync();

        foreach (var connection in new[] { $"Data Source={path};Pooling=False", db })
        {
            var up = await RunAsync("up", "--connection", connection);
            Assert.True(up.ExitCode == 0, up.Stderr);
            Assert.Equal("a\rb", await ScalarAsync(connection, "SELECT body FROM notes WHERE id = 1"));
        }
    }

    [Fact]
    public async Task The_text_batch_inside_a_literal_is_left_as_written_when_the_backfill_runs_on_sqlite_and_postgres()
    {
        _project.Write("20260101000000", "fill", """
            -- cutover:up
            CREATE TABLE items (id int PRIMARY KEY, note text);
            INSERT INTO items VALUES (1, NULL), (2, NULL), (3, NULL);
            -- cutover:backfill items batch=1
            UPDATE items SET note = '{batch}' WHERE note IS NULL AND {batch};
            -- cutover:down
            DROP TABLE items;
            """);
        var path = SqliteFiles.NewPath();
        var db = await PostgresServer.CreateDatabaseAsync();

        foreach (var connection in new[] { $"Data Source={path};Pooling=False", db })
        {
            var up = await RunAsync("up", "--connection", connection);
            Assert.True(up.ExitCode == 0, up.Stderr);
            Assert.Equal("3", await ScalarAsync(connection, "SELECT count(*) FROM items WHERE note = '{batch}'"));
        }
    }

    private static async Task<string?> ScalarAsync(string connection, string sql)
    {
        if (connection.StartsWith("Data Source=", StringComparison.Ordinal))
        {
            await using var sqlite = new SqliteConnection(connection);
            await sqlite.OpenAsync();
            await using var command = new SqliteCommand(sql, sqlite);
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var postgres = new NpgsqlConnection(connection);
        await postgres.OpenAsync();
        await using var pg = new NpgsqlCommand(sql, postgres);
        return Convert.ToString(await pg.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> AppliedAsync(string connection) =>
        int.Parse((await ScalarAsync(connection, "SELECT count(*) FROM cutover_history WHERE state = 'applied'"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether table x1 and the history table exist.</summary>
    private static async Task<(bool X1, bool History)> TablesExistAsync(string db) =>
        (await ScalarAsync(db, "SELECT to_regclass('x1') IS NOT NULL") == "True",
         await ScalarAsync(db, "SELECT to_regclass('cutover_history') IS NOT NULL") == "True");

    public void Dispose() => _project.Dispose();
}
