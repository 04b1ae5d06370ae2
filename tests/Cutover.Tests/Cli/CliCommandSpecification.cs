using System.Text.Json;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>Every command end to end through the CLI, on each provider.</summary>
public abstract class CliCommandSpecification : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private protected abstract Task<string> NewDatabaseAsync();

    private string Dir => _project.Root;

    private Task<CliResult> Cutover(string db, params string[] args) => CliRunner.RunAsync(Dir, [.. args, "--connection", db]);

    [Fact]
    public async Task Init_new_up_status_down_redo_validate_history_work_end_to_end()
    {
        var db = await NewDatabaseAsync();
        Directory.Delete(_project.Folder);

        var init = await CliRunner.RunAsync(Dir, "init", "--connection", db);
        Assert.Equal(0, init.ExitCode);
        Assert.True(File.Exists(Path.Combine(Dir, "cutover.json")));
        Assert.True(Directory.Exists(_project.Folder));

        var created = await CliRunner.RunAsync(Dir, "new", "Add user roles");
        Assert.Equal(0, created.ExitCode);
        var path = created.Stdout.Trim()["created ".Length..];
        Assert.Matches(@"migrations/\d{14}_add_user_roles\.sql$", path);
        File.WriteAllText(path, "-- why: roles\n-- cutover:up\nCREATE TABLE roles (id integer PRIMARY KEY, name text);\n-- cutover:down\nDROP TABLE roles;\n");
        _project.WriteTable("20260101000001", "users");

        var dry = await CliRunner.RunAsync(Dir, "up", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("CREATE TABLE users (id integer PRIMARY KEY, name text);", dry.Stdout);
        Assert.Contains("nothing was changed", dry.Stdout);

        var up = await CliRunner.RunAsync(Dir, "up");
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("applied 20260101000001_create_users", up.Stdout);
        Assert.Contains("2 applied", up.Stdout);

        var status = await CliRunner.RunAsync(Dir, "status", "--json");
        Assert.Equal(0, status.ExitCode);
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            var states = json.RootElement.GetProperty("migrations").EnumerateArray().Select(m => m.GetProperty("state").GetString()).ToList();
            Assert.Equal(["applied", "applied"], states);
            Assert.DoesNotContain("Password", json.RootElement.GetProperty("database").GetString());
        }

        var redo = await CliRunner.RunAsync(Dir, "redo");
        Assert.Equal(0, redo.ExitCode);
        Assert.Contains("rolled back", redo.Stdout);

        var down = await CliRunner.RunAsync(Dir, "down", "--steps", "2", "--accept-data-loss");
        Assert.Equal(0, down.ExitCode);
        Assert.Contains("2 pending", down.Stdout);

        var valid = await CliRunner.RunAsync(Dir, "validate");
        Assert.Equal(0, valid.ExitCode);
        Assert.Contains("valid: 2 migration(s) checked", valid.Stdout);

        var history = await CliRunner.RunAsync(Dir, "history", "--json");
        Assert.Equal(0, history.ExitCode);
        using var log = JsonDocument.Parse(history.Stdout);
        Assert.Equal(6, log.RootElement.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Validate_exits_4_naming_an_edited_file_and_repair_accepts_it()
    {
        var db = await NewDatabaseAsync();
        var path = _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        File.AppendAllText(path, "-- edited\n");

        var validate = await Cutover(db, "validate");
        Assert.Equal(4, validate.ExitCode);
        Assert.Contains(Path.GetFileName(path), validate.Stdout);

        var up = await Cutover(db, "up");
        Assert.Equal(4, up.ExitCode);
        Assert.Single(up.ErrorLines);

        var repair = await Cutover(db, "repair", "--accept-checksums");
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains("accepted the edited file", repair.Stdout);
        Assert.Equal(0, (await Cutover(db, "validate")).ExitCode);
    }

    [Fact]
    public async Task A_failing_migration_exits_1_with_file_and_line_and_status_shows_where()
    {
        var db = await NewDatabaseAsync();
        var path = _project.Write("20260101000001", "broken", "-- cutover:up\nCREATE TABLE a (id integer);\nINSERT INTO nowhere VALUES (1);\n");

        var up = await Cutover(db, "up");

        Assert.Equal(1, up.ExitCode);
        Assert.StartsWith($"error: {path}:3: ", up.ErrorLines.Single());
        var status = await Cutover(db, "status");
        Assert.Contains("failed", status.Stdout);
        Assert.Contains("step 1 (up), statement 2", status.Stdout);
        var repair = await Cutover(db, "repair");
        Assert.Contains("removed the failed record", repair.Stdout);
    }

    [Fact]
    public async Task Baseline_records_the_id_and_up_skips_older_files()
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000003", "c");

        Assert.Equal(0, (await Cutover(db, "baseline", "--id", "20260101000002")).ExitCode);
        var up = await Cutover(db, "up");

        Assert.Equal(0, up.ExitCode);
        Assert.Contains("applied 20260101000003_create_c", up.Stdout);
        Assert.DoesNotContain("applied 20260101000001", up.Stdout);
        Assert.Contains("below baseline", up.Stdout);
    }

    [Fact]
    public async Task The_connection_comes_from_the_environment_when_not_given()
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");

        var status = await CliRunner.RunWithEnvironmentAsync(Dir, new() { ["CUTOVER_CONNECTION"] = db }, "status");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("1 pending", status.Stdout);
    }

    [Fact]
    public async Task Json_up_reports_the_run_and_the_status_and_verbose_logs_to_stderr_only()
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");

        var up = await Cutover(db, "up", "--json", "--verbose", "--no-color");

        Assert.Equal(0, up.ExitCode);
        using var json = JsonDocument.Parse(up.Stdout);
        var run = json.RootElement;
        Assert.False(run.GetProperty("dryRun").GetBoolean());
        Assert.Equal("20260101000001", run.GetProperty("migrations")[0].GetProperty("id").GetString());
        Assert.Equal("up", run.GetProperty("migrations")[0].GetProperty("direction").GetString());
        Assert.Equal("applied", run.GetProperty("status").GetProperty("migrations")[0].GetProperty("state").GetString());
        Assert.Contains("information: Read 1 migration file(s)", up.Stderr);
        Assert.Contains("information: Applying 20260101000001_create_a.sql", up.Stderr);
        Assert.DoesNotContain("\u001b[", up.Stdout + up.Stderr);
    }

    [Fact]
    public async Task Verbose_errors_add_the_details_after_the_one_line()
    {
        var db = await NewDatabaseAsync();
        _project.Write("20260101000001", "broken", "-- cutover:up\nINSERT INTO nowhere VALUES (1);\n");

        var quiet = await Cutover(db, "up");
        var verbose = await Cutover(db, "repair", "--verbose");
        var again = await Cutover(db, "up", "--verbose");

        Assert.Equal(2, quiet.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, verbose.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Single(again.ErrorLines);
        Assert.Contains("Exception", again.Stderr);
    }

    [Fact]
    public async Task Schema_dump_erd_and_diff_describe_the_live_database()
    {
        var db = await NewDatabaseAsync();
        _project.Write("20260101000001", "shop", """
            -- cutover:up
            CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), coupon_id integer);
            CREATE TABLE coupons (id integer PRIMARY KEY);
            -- cutover:down
            DROP TABLE orders;
            DROP TABLE coupons;
            DROP TABLE customers;
            """);
        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);

        var dump = await Cutover(db, "schema", "dump");
        Assert.Equal(0, dump.ExitCode);
        Assert.Contains("\"customers\" (", dump.Stdout);
        Assert.DoesNotContain("cutover_history", dump.Stdout);

        var snapshot = await Cutover(db, "schema", "dump", "--json", "--out", "before.json");
        Assert.Equal(0, snapshot.ExitCode);
        Assert.True(File.Exists(Path.Combine(Dir, "before.json")));

        var erd = await Cutover(db, "schema", "erd");
        Assert.Equal(0, erd.ExitCode);
        Assert.Contains("customers ||--o{ orders : \"customer_id\"", erd.Stdout);
        Assert.Contains("warning: ", erd.Stderr);
        Assert.Contains("coupon_id", erd.Stderr);

        await using (var connection = await Provider().OpenAsync(db, forReading: false, CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "ALTER TABLE customers ADD COLUMN nickname text";
            await command.ExecuteNonQueryAsync();
        }

        var diff = await Cutover(db, "schema", "diff", "before.json", db, "--json");
        Assert.Equal(0, diff.ExitCode);
        using var changes = JsonDocument.Parse(diff.Stdout);
        var change = Assert.Single(changes.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("columnAdded", change.GetProperty("kind").GetString());
        Assert.EndsWith("\"customers\".\"nickname\"", change.GetProperty("object").GetString());

        var none = await Cutover(db, "schema", "diff", db, db);
        Assert.Contains("no differences", none.Stdout);
        var bad = await Cutover(db, "schema", "diff", "missing.json", db);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("missing.json: not a schema snapshot", Assert.Single(bad.ErrorLines));
        Assert.Contains("hint: write one with `cutover schema dump --json --out FILE`", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_file_is_rewritten_after_up_down_and_redo()
    {
        var db = await NewDatabaseAsync();
        File.WriteAllText(Path.Combine(Dir, "cutover.json"), """{ "migrations": "migrations", "schemaFile": "schema.sql" }""");
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");
        var schemaFile = Path.Combine(Dir, "schema.sql");

        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        var afterUp = File.ReadAllText(schemaFile);
        Assert.Contains("\"a\" (", afterUp);
        Assert.Contains("\"b\" (", afterUp);

        Assert.Equal(0, (await Cutover(db, "down", "--accept-data-loss")).ExitCode);
        Assert.DoesNotContain("\"b\" (", File.ReadAllText(schemaFile));

        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        Assert.Equal(0, (await Cutover(db, "redo")).ExitCode);
        Assert.Equal(afterUp, File.ReadAllText(schemaFile));

        File.Delete(schemaFile);
        Assert.Equal(0, (await Cutover(db, "up", "--dry-run")).ExitCode);
        Assert.False(File.Exists(schemaFile));
    }

    [Fact]
    public async Task Drift_names_changes_made_outside_migrations_with_exit_code_4()
    {
        var db = await NewDatabaseAsync();
        _project.WriteTable("20260101000001", "a");

        var before = await Cutover(db, "drift");
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("no schema recorded yet", Assert.Single(before.ErrorLines));

        Assert.Equal(0, (await Cutover(db, "up")).ExitCode);
        var clean = await Cutover(db, "drift");
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("no drift", clean.Stdout);
        Assert.Contains("20260101000001", clean.Stdout);

        await using (var connection = await Provider().OpenAsync(db, forReading: false, CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "ALTER TABLE a ADD COLUMN hotfix text; CREATE INDEX a_name ON a (name)";
            await command.ExecuteNonQueryAsync();
        }

        var drifted = await Cutover(db, "drift");
        Assert.Equal(4, drifted.ExitCode);
        Assert.Contains("hotfix", drifted.Stdout);
        Assert.Contains("a_name", drifted.Stdout);
        Assert.Contains("drift: 2 change(s) made outside migrations", drifted.Stdout);
        var json = await Cutover(db, "drift", "--json");
        Assert.Equal(4, json.ExitCode);
        using var report = JsonDocument.Parse(json.Stdout);
        Assert.True(report.RootElement.GetProperty("drifted").GetBoolean());
    }

    private protected abstract IDatabaseProvider Provider();

    public void Dispose()
    {
        _project.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCliTests : CliCommandSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(Infrastructure.SqliteFiles.NewDatabase());

    private protected override IDatabaseProvider Provider() => new Cutover.Sqlite.SqliteProvider();
}

public sealed class PostgresCliTests : CliCommandSpecification
{
    private protected override Task<string> NewDatabaseAsync() => Infrastructure.PostgresServer.CreateDatabaseAsync();

    private protected override IDatabaseProvider Provider() => new Cutover.Postgres.PostgresProvider();
}
