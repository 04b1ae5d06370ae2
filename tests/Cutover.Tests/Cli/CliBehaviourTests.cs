using System.Text.Json;
using Cutover.Cli;
using Cutover.Tests.Specification;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cutover.Tests.Cli;

/// <summary>
/// What the CLI promises beyond each command's work, on SQLite: one-line errors and exit codes, where the
/// connection comes from, plain output when redirected, dry-run scripts, and --json printing one document only.
/// </summary>
public sealed class CliBehaviourTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    private string DbFile => Path.Combine(Dir, "app.db");

    private string Db => $"Data Source={DbFile};Pooling=False";

    private Task<CliResult> Cutover(params string[] args) => CliRunner.RunAsync(Dir, [.. args, "--connection", Db]);

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var result = await CliRunner.RunAsync(Dir, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "error: no command given (see `cutover --help`)")]
    [InlineData(new[] { "frobnicate" }, "error: Unrecognized command or argument 'frobnicate' (see `cutover --help`)")]
    [InlineData(new[] { "up", "--frob" }, "error: Unrecognized command or argument '--frob' (see `cutover up --help`)")]
    [InlineData(new[] { "down", "--steps", "two" }, "error: --steps expects a whole number, not 'two' (see `cutover down --help`)")]
    [InlineData(new[] { "history", "--limit", "1.5" }, "error: --limit expects a whole number, not '1.5' (see `cutover history --help`)")]
    [InlineData(new[] { "new" }, "error: Required argument 'name' missing for command: 'new' (see `cutover new --help`)")]
    [InlineData(new[] { "baseline" }, "error: Option '--id' is required (see `cutover baseline --help`)")]
    public async Task A_parse_error_is_exactly_one_stderr_line_exit_2_and_creates_nothing(string[] args, string expected)
    {
        _project.WriteTable("20260101000001", "a");

        var result = await Cutover(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Stderr.TrimEnd('\n', '\r'));
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(DbFile));
    }

    [Theory]
    [InlineData("down", "--steps", "1", "--to", "20260101000001")]
    [InlineData("baseline", "--id", "2026")]
    [InlineData("down", "--steps", "0")]
    [InlineData("history", "--limit", "-1")]
    public async Task Bad_values_are_bad_input_with_one_error_line_and_no_database_file(params string[] args)
    {
        _project.WriteTable("20260101000001", "a");

        var result = await Cutover(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", result.Stderr);
        Assert.False(File.Exists(DbFile));
    }

    [Fact]
    public async Task No_connection_is_bad_input_with_the_documented_message_and_a_hint()
    {
        _project.WriteTable("20260101000001", "a");

        var result = await CliRunner.RunAsync(Dir, "status");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("error: no connection: pass --connection, set CUTOVER_CONNECTION or add \"connection\" to cutover.json", lines[0]);
        Assert.StartsWith("hint: ", lines[1]);
    }

    [Fact]
    public async Task A_config_error_names_file_and_line_and_exits_2()
    {
        _project.WriteTable("20260101000001", "a");
        File.WriteAllText(Path.Combine(Dir, "cutover.json"), "{\n  \"connection\": \"Data Source=app.db\",\n  \"lockWaitSecond\": 5\n}");

        var result = await CliRunner.RunAsync(Dir, "up");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {Path.Combine(Dir, "cutover.json")}:3: unknown setting 'lockWaitSecond'", Assert.Single(result.ErrorLines));
        Assert.Contains("hint: did you mean 'lockWaitSeconds'?", result.Stderr);
        Assert.False(File.Exists(DbFile));
    }

    [Fact]
    public async Task Verbose_adds_the_exception_details_after_the_one_error_line()
    {
        var quiet = await CliRunner.RunAsync(Dir, "status");
        var verbose = await CliRunner.RunAsync(Dir, "status", "--verbose");

        Assert.Equal(2, verbose.ExitCode);
        Assert.Single(verbose.ErrorLines);
        Assert.StartsWith(quiet.Stderr, verbose.Stderr);
        Assert.Contains("Cutover.ConfigurationException", verbose.Stderr);
        Assert.Contains(" at ", verbose.Stderr);
    }

    [Fact]
    public async Task The_environment_connection_is_used_and_the_option_beats_it()
    {
        _project.WriteTable("20260101000001", "a");
        var other = Path.Combine(Dir, "other.db");
        var environment = new Dictionary<string, string?> { ["CUTOVER_CONNECTION"] = $"Data Source={other};Pooling=False" };

        Assert.Equal(0, (await CliRunner.RunWithEnvironmentAsync(Dir, environment, "up")).ExitCode);
        Assert.True(File.Exists(other));
        Assert.False(File.Exists(DbFile));

        Assert.Equal(0, (await CliRunner.RunWithEnvironmentAsync(Dir, environment, "up", "--connection", Db)).ExitCode);
        Assert.True(File.Exists(DbFile));
    }

    [Fact]
    public async Task A_config_elsewhere_puts_its_relative_sqlite_file_and_migrations_beside_itself()
    {
        var sample = Directory.CreateDirectory(Path.Combine(Dir, "samples", "quickstart")).FullName;
        File.WriteAllText(Path.Combine(sample, "cutover.json"), "{ \"connection\": \"Data Source=quickstart.db;Pooling=False\", \"migrations\": \"sql\" }");
        Directory.CreateDirectory(Path.Combine(sample, "sql"));
        File.Copy(_project.WriteTable("20260101000001", "a"), Path.Combine(sample, "sql", "20260101000001_create_a.sql"));

        var result = await CliRunner.RunAsync(Dir, "up", "--config", Path.Combine("samples", "quickstart", "cutover.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(sample, "quickstart.db")));
        Assert.False(File.Exists(Path.Combine(Dir, "quickstart.db")));
    }

    [Fact]
    public async Task Init_writes_the_connection_into_cutover_json_and_new_uses_its_folder_without_a_connection()
    {
        var init = await CliRunner.RunAsync(Dir, "init", "--connection", "Data Source=app.db");
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("created " + Path.Combine(Dir, "cutover.json"), init.Stdout);
        Assert.Contains("Data Source=app.db", File.ReadAllText(Path.Combine(Dir, "cutover.json")));

        File.WriteAllText(Path.Combine(Dir, "cutover.json"), "{ \"migrations\": \"db\" }");
        var created = await CliRunner.RunAsync(Dir, "new", "add orders", "--json");

        Assert.Equal(0, created.ExitCode);
        using var json = JsonDocument.Parse(created.Stdout);
        var path = json.RootElement.GetProperty("created")[0].GetString()!;
        Assert.Equal(Path.Combine(Dir, "db"), Path.GetDirectoryName(path));
        Assert.Matches(@"^\d{14}_add_orders\.sql$", Path.GetFileName(path));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Status_renders_a_plain_table_and_a_summary_when_redirected()
    {
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");
        Assert.Equal(0, (await Cutover("up", "--to", "20260101000001")).ExitCode);

        var status = await Cutover("status");

        Assert.Equal(0, status.ExitCode);
        Assert.DoesNotContain('\u001b', status.Stdout);
        foreach (var header in new[] { "id", "name", "state", "applied at", "by", "ms", "detail" })
            Assert.Contains(header, status.Stdout);
        var applied = status.Stdout.Split('\n').Single(l => l.Contains("20260101000001"));
        Assert.Contains("applied", applied);
        Assert.Contains(Environment.UserName, applied);
        Assert.Contains("pending", status.Stdout.Split('\n').Single(l => l.Contains("20260101000002")));
        Assert.Equal("1 applied, 1 pending", status.Stdout.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain("Pooling", status.Stderr);
    }

    [Fact]
    public async Task Up_dry_run_prints_the_sql_script_and_changes_nothing()
    {
        _project.Write("20260101000001", "two_steps", "-- cutover:up\nCREATE TABLE a (id integer);\nINSERT INTO a VALUES (1);\n-- cutover:up no-transaction\nVACUUM;\n-- cutover:down\nDROP TABLE a;\n");

        var dry = await Cutover("up", "--dry-run");

        Assert.Equal(0, dry.ExitCode);
        Assert.Equal("""
            -- 20260101000001_two_steps (up)
            -- cutover:up
            CREATE TABLE a (id integer);
            INSERT INTO a VALUES (1);
            -- cutover:up no-transaction
            VACUUM;

            -- dry run: 1 migration(s) would run; nothing was changed
            """, dry.Stdout.TrimEnd().ReplaceLineEndings("\n"));
        Assert.False(File.Exists(DbFile));
        Assert.Contains("1 pending", (await Cutover("status")).Stdout);
    }

    [Fact]
    public async Task Down_dry_run_prints_the_stored_down_sql_and_leaves_the_migration_applied()
    {
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var dry = await Cutover("down", "--dry-run");

        Assert.Equal(0, dry.ExitCode);
        Assert.StartsWith("-- 20260101000001_create_a (down)\n-- would destroy 1 row(s) of table a\n-- cutover:down\nDROP TABLE a;\n", dry.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("nothing was changed", dry.Stdout);
        Assert.Contains("1 applied", (await Cutover("status")).Stdout);
    }

    [Fact]
    public async Task Up_and_down_print_a_line_per_migration_with_its_duration_and_rows_changed()
    {
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");

        var up = await Cutover("up");
        var down = await Cutover("down", "--to", "20260101000001", "--accept-data-loss");

        Assert.Matches(@"applied 20260101000001_create_a \(\d+ ms, 1 row\(s\) changed\)", up.Stdout);
        Assert.Matches(@"applied 20260101000002_create_b \(\d+ ms, 1 row\(s\) changed\)", up.Stdout);
        Assert.Matches(@"rolled back 20260101000002_create_b \(\d+ ms\)", down.Stdout);
        Assert.DoesNotContain("rolled back 20260101000001", down.Stdout);
        Assert.Contains("1 applied, 1 pending", down.Stdout);
    }

    [Fact]
    public async Task Json_prints_one_versioned_camel_case_document_and_nothing_else()
    {
        _project.WriteTable("20260101000001", "a");

        var outputs = new List<(string Command, CliResult Result)>();
        foreach (var args in new[] { ["up"], ["status"], ["redo"], ["validate"], ["history"], ["repair"], ["down", "--accept-data-loss"], new[] { "baseline", "--id", "20260101000001" } })
            outputs.Add((args[0], await Cutover([.. args, "--json"])));

        foreach (var (command, result) in outputs)
        {
            Assert.True(result.ExitCode == 0, $"{command}: exit {result.ExitCode}: {result.Stderr}");
            // Redo warns that its down step drops the row of a; that is stderr's, never stdout's.
            if (command == "redo")
                Assert.All(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
            else
                Assert.Empty(result.Stderr);
            using var _ = JsonDocument.Parse(result.Stdout);
        }
        using var up = JsonDocument.Parse(outputs[0].Result.Stdout);
        var run = up.RootElement.GetProperty("migrations")[0];
        // camelCase enum values, like the property names; every document starts with the contract's version (docs/json.md).
        Assert.Equal("up", run.GetProperty("direction").GetString());
        Assert.Equal("up", run.GetProperty("steps")[0].GetProperty("kind").GetString());
        Assert.All(outputs, o => Assert.StartsWith("{\n  \"version\": 1,", o.Result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal));
        Assert.False(up.RootElement.GetProperty("dryRun").GetBoolean());
        using var history = JsonDocument.Parse(outputs[4].Result.Stdout);
        Assert.Equal(["up", "down", "up"], history.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse());
        using var baseline = JsonDocument.Parse(outputs[7].Result.Stdout);
        Assert.Equal("20260101000001", baseline.RootElement.GetProperty("baseline").GetString());
    }

    [Fact]
    public async Task Validate_lists_each_issue_and_exits_4_also_with_json()
    {
        var path = _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        Assert.Equal("valid: 1 migration(s) checked", (await Cutover("validate")).Stdout.Trim());
        File.AppendAllText(path, "-- edited after it ran\n");

        var text = await Cutover("validate");
        var json = await Cutover("validate", "--json");

        Assert.Equal(4, text.ExitCode);
        Assert.Contains("20260101000001_create_a.sql", text.Stdout);
        Assert.Contains("hint:", text.Stdout);
        Assert.Contains("1 problem(s)", text.Stdout);
        Assert.Equal(4, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.False(document.RootElement.GetProperty("isValid").GetBoolean());
        Assert.Equal("20260101000001", Assert.Single(document.RootElement.GetProperty("issues").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task History_renders_the_audit_log_newest_first()
    {
        _project.WriteTable("20260101000001", "a");
        Assert.Equal("the audit log is empty", (await Cutover("history")).Stdout.Trim());
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        Assert.Equal(0, (await Cutover("down", "--accept-data-loss")).ExitCode);

        var history = await Cutover("history", "--limit", "1");

        Assert.Equal(0, history.ExitCode);
        var rows = history.Stdout.Split('\n').Where(l => l.Contains("20260101000001")).ToList();
        Assert.Contains("down", Assert.Single(rows));
        Assert.Contains("ok", rows[0]);
    }

    [Fact]
    public async Task Repair_says_when_there_is_nothing_to_do()
    {
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var repair = await Cutover("repair");

        Assert.Equal(0, repair.ExitCode);
        Assert.Equal("nothing to repair", repair.Stdout.Trim());
    }

    [Fact]
    public async Task A_cancelled_run_exits_130_with_one_error_line()
    {
        _project.WriteTable("20260101000001", "a");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["up", "--connection", Db], stdout, stderr, new Dictionary<string, string?>(), new CancellationToken(canceled: true), Dir);

        Assert.Equal(130, code);
        Assert.StartsWith("error: cancelled", stderr.ToString());
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, true, null, false)]
    [InlineData(true, false, "1", false)]
    [InlineData(true, false, "", true)]
    [InlineData(false, false, null, false)]
    public void Colour_is_only_for_an_interactive_terminal_without_no_color(bool interactive, bool option, string? variable, bool expected) =>
        Assert.Equal(expected, CliContext.UseColour(interactive, option, variable));

    [Fact]
    public void A_console_without_colour_writes_markup_as_plain_text()
    {
        using var writer = new StringWriter();
        var console = CliContext.CreateConsole(writer, color: false, interactive: false);

        console.MarkupLine("[green]applied[/] [red]failed[/]");

        Assert.Equal("applied failed", writer.ToString().TrimEnd());
    }

    [Fact]
    public void The_log_shows_warnings_always_and_information_only_when_verbose()
    {
        using var writer = new StringWriter();
        var quiet = new StderrLogger<Migrator>(writer, verbose: false);
        var verbose = new StderrLogger<Migrator>(writer, verbose: true);

        quiet.LogInformation("hidden");
        quiet.LogWarning("shown");
        verbose.LogInformation("detail");
        verbose.LogDebug("never");

        Assert.Equal(["warning: shown", "information: detail"], writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    public void Dispose() => _project.Dispose();
}
