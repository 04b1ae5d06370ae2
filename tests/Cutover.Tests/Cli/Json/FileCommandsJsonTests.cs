using System.Text.Json;
using Cutover.Tests.Files;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Cli.Json;

/// <summary>The commands that work on files (and rehearse, on a SQLite copy) print what their schema under docs/json says.</summary>
public sealed class FileCommandsJsonTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private async Task<CliResult> ExpectAsync(int exitCode, string schema, params string[] args)
    {
        var result = await CliRunner.RunAsync(_dir.Path, [.. args, "--json"]);
        Assert.True(result.ExitCode == exitCode, $"cutover {string.Join(' ', args)}: exit {result.ExitCode}, not {exitCode}\n{result.Stdout}{result.Stderr}");
        SchemaAssert.Matches(schema, result);
        return result;
    }

    [Fact]
    public async Task Init_new_rename_sum_check_and_baseline_print_what_their_schemas_say()
    {
        var db = $"Data Source={Path.Combine(_dir.Path, "app.db")};Pooling=False";
        await ExpectAsync(0, "init.schema.json", "init", "--connection", db);
        var created = await ExpectAsync(0, "new.schema.json", "new", "create_users");
        var path = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("created")[0].GetString()!;
        File.WriteAllText(path, "-- cutover:up\nCREATE TABLE users (id integer PRIMARY KEY, name text);\n-- cutover:allow drop-table the café table was never used\nDROP TABLE café;\n-- cutover:down\nDROP TABLE users;\n");
        await ExpectAsync(0, "sum.schema.json", "sum");
        await ExpectAsync(0, "new-rename.schema.json", "new", "--rename", Path.GetFileName(path));
        await ExpectAsync(0, "sum.schema.json", "sum");
        var check = await ExpectAsync(0, "check.schema.json", "check", "--dialect", "sqlite");
        Assert.Contains("café", check.Stdout, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir.Path, "migrations", "oops.sql"), "SELECT 1;");
        await ExpectAsync(1, "check.schema.json", "check", "--dialect", "sqlite");
        File.Delete(Path.Combine(_dir.Path, "migrations", "oops.sql"));
        await ExpectAsync(0, "baseline.schema.json", "baseline", "--id", "20200101000000");
    }

    [Fact]
    public async Task Rehearse_prints_and_keeps_a_report_its_schema_describes()
    {
        var db = SqliteFiles.NewDatabase();
        var migrations = Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'zoë@example.com');
            -- cutover:down
            DROP TABLE users;
            """);
        Assert.Equal(0, (await CliRunner.RunAsync(_dir.Path, "up", "--connection", db)).ExitCode);
        File.WriteAllText(Path.Combine(migrations, "20260101000002_index_email.sql"), """
            -- why: people search by e-mail — and their names are not all ASCII: Zoë
            -- cutover:up
            CREATE INDEX users_email ON users (email);
            -- cutover:down
            DROP INDEX users_email;
            """);

        var result = await ExpectAsync(0, "rehearse.schema.json", "rehearse", "--connection", db);

        var kept = Directory.GetFiles(Path.Combine(_dir.Path, "docs", "migrations", "rehearsals"), "*.json").Single();
        SchemaAssert.Matches("rehearse.schema.json", new CliResult(0, File.ReadAllText(kept), ""));
        Assert.Equal(result.Stdout.TrimEnd(), File.ReadAllText(kept).TrimEnd());
    }

    [Fact]
    public async Task A_mistyped_command_and_a_bad_option_are_error_documents_with_exit_2()
    {
        var mistyped = await ExpectAsync(2, "error.schema.json", "stauts");
        var badFormat = await ExpectAsync(2, "error.schema.json", "check", "--format", "xml");

        Assert.Equal("usage", JsonDocument.Parse(mistyped.Stdout).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, JsonDocument.Parse(badFormat.Stdout).RootElement.GetProperty("error").GetProperty("exitCode").GetInt32());
        // People still read the error on stderr.
        Assert.Single(mistyped.ErrorLines);
    }

    public void Dispose() => _dir.Dispose();
}
