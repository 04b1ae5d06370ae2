using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Cli;

/// <summary>The operation commands of the CLI on SQLite: complete, abort, verify (exit 4 on mismatches), status phases, dry run, bad lines.</summary>
public sealed class OperationCliTests : IDisposable
{
    private const string Op = "split-column people.name into (first_name text up \"substr(name, 1, instr(name, ' ') - 1)\", last_name text up \"substr(name, instr(name, ' ') + 1)\") down \"first_name || ' ' || last_name\"";
    private const string Id = "20260101000002";

    private readonly MigrationsFolder _project = new();

    private string Db => $"Data Source={Path.Combine(_project.Root, "app.db")};Pooling=False";

    private Task<CliResult> Cutover(params string[] args) => CliRunner.RunAsync(_project.Root, [.. args, "--connection", Db]);

    private void Execute(params string[] statements)
    {
        using var connection = new SqliteConnection(Db);
        connection.Open();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection(Db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The app's table, made before Cutover ever ran, and the operation as the only migration.</summary>
    private string PeopleAndOperation(string op = Op)
    {
        Execute("CREATE TABLE people (id integer PRIMARY KEY, name text)", "INSERT INTO people VALUES (1, 'Ada Lovelace'), (2, 'Alan Turing'), (3, 'Grace Hopper')");
        return _project.Write(Id, "split_name", $"-- why: first and last names\n-- cutover:op {op}\n");
    }

    private static string StatusLine(CliResult status) => status.Stdout.Split('\n').Single(l => l.Contains(Id, StringComparison.Ordinal));

    [Fact]
    public async Task Up_expands_verify_passes_complete_contracts_and_status_shows_each_phase()
    {
        PeopleAndOperation();

        Assert.Equal(0, (await Cutover("up")).ExitCode);
        Assert.Contains("(expanded)", StatusLine(await Cutover("status")));
        var verify = await Cutover("verify", Id);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains($"{Id}: 3 row(s) compared", verify.Stdout);
        Assert.Contains("0 mismatching", verify.Stdout);
        var complete = await Cutover("complete", Id);

        Assert.Equal(0, complete.ExitCode);
        Assert.Contains("(completed)", StatusLine(await Cutover("status")));
        Assert.Equal(0, Count("SELECT count(*) FROM pragma_table_info('people') WHERE name = 'name'"));
        Assert.Equal(1, Count("SELECT count(*) FROM people WHERE first_name = 'Grace' AND last_name = 'Hopper'"));
    }

    [Fact]
    public async Task Verify_exits_4_on_a_mismatch_complete_refuses_with_4_and_repair_then_verify_lets_it_complete()
    {
        PeopleAndOperation();
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        Execute("UPDATE people SET last_name = 'Babbage' WHERE id = 2");

        var verify = await Cutover("verify", Id);
        var complete = await Cutover("complete", Id);
        var repair = await Cutover("verify", Id, "--repair");
        var again = await Cutover("verify", Id);
        var completed = await Cutover("complete", Id);

        Assert.Equal(4, verify.ExitCode);
        Assert.Contains("1 mismatching", verify.Stdout);
        Assert.Contains("mismatch: ", verify.Stdout);
        Assert.EndsWith(" 2", verify.Stdout.Split('\n').Single(l => l.Contains("mismatch: ", StringComparison.Ordinal)).TrimEnd());
        Assert.Equal(4, complete.ExitCode);
        Assert.Contains("1 mismatching row(s)", Assert.Single(complete.ErrorLines));
        Assert.Contains("cutover verify", complete.Stderr);
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains("1 re-derived", repair.Stdout);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, completed.ExitCode);
        Assert.Equal(1, Count("SELECT count(*) FROM people WHERE id = 2 AND last_name = 'Turing'"));
    }

    [Fact]
    public async Task Complete_force_needs_a_reason_and_history_shows_it()
    {
        PeopleAndOperation();
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var noReason = await Cutover("complete", Id, "--force");
        var forced = await Cutover("complete", Id, "--force", "--reason", "verified by hand");

        Assert.Equal(2, noReason.ExitCode);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("verified by hand", (await Cutover("history")).Stdout);
    }

    [Fact]
    public async Task Abort_removes_the_new_shape_and_status_shows_the_migration_pending_again()
    {
        PeopleAndOperation();
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var abort = await Cutover("abort", Id);

        Assert.Equal(0, abort.ExitCode);
        var line = StatusLine(await Cutover("status"));
        Assert.Contains("pending", line);
        Assert.DoesNotContain("(expanded)", line);
        Assert.Equal(["id", "name"], Columns());
        Assert.Equal(0, Count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover_v%'"));
    }

    [Fact]
    public async Task A_phase_command_on_a_migration_in_the_wrong_phase_says_so()
    {
        PeopleAndOperation();

        Assert.NotEqual(0, (await Cutover("complete", Id)).ExitCode);
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        Assert.Equal(0, (await Cutover("complete", Id, "--force", "--reason", "test")).ExitCode);
        var abort = await Cutover("abort", Id);

        Assert.Equal(1, abort.ExitCode);
        Assert.Contains("completed", Assert.Single(abort.ErrorLines));
    }

    [Fact]
    public async Task Up_dry_run_prints_the_expand_complete_and_abort_sql_and_writes_nothing()
    {
        PeopleAndOperation();

        var dry = await Cutover("up", "--dry-run");

        Assert.Equal(0, dry.ExitCode);
        var output = dry.Stdout.ReplaceLineEndings("\n");
        Assert.Contains("ALTER TABLE \"people\" ADD COLUMN \"first_name\" text;", output);
        Assert.Contains($"-- then `cutover complete {Id}` would run:", output);
        Assert.Contains("ALTER TABLE \"people\" DROP COLUMN \"name\";", output);
        Assert.Contains($"-- or `cutover abort {Id}` would run:", output);
        Assert.Contains("ALTER TABLE \"people\" DROP COLUMN \"first_name\";", output);
        Assert.True(output.IndexOf("ADD COLUMN \"first_name\"", StringComparison.Ordinal) < output.IndexOf("cutover complete", StringComparison.Ordinal));
        Assert.Equal(0, Count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover%'"));
        Assert.Equal(["id", "name"], Columns());
    }

    [Theory]
    [InlineData("rename-column people.name")]
    [InlineData("rename-column people.nope to other")]
    [InlineData("rename-colum people.name to other")]
    public async Task A_bad_operation_line_exits_2_naming_file_and_line_and_creates_nothing(string op)
    {
        var path = PeopleAndOperation(op);

        var up = await Cutover("up");

        Assert.Equal(2, up.ExitCode);
        Assert.StartsWith($"error: {path}:2: ", Assert.Single(up.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover%'"));
    }

    private List<string> Columns()
    {
        using var connection = new SqliteConnection(Db);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('people') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
            columns.Add(reader.GetString(0));
        return columns;
    }

    public void Dispose() => _project.Dispose();
}
