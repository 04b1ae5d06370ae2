using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cutover.Tests.Cli;

/// <summary>
/// Bad input of every kind — arguments, configuration, migration files, connections — gives exactly one
/// `error:` line naming what is wrong, the documented exit code, and writes nothing to the database.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    /// <summary>Case name → (what the case sets up, the arguments, the exit code, text the error line must contain).</summary>
    private static readonly Dictionary<string, (Action<MigrationsFolder> Setup, string[] Args, int Exit, string Expected)> Cases = new()
    {
        // Arguments
        ["unknown command"] = (Nothing, ["frobnicate"], 2, "frobnicate"),
        ["unknown option"] = (Ok, ["up", "--frob"], 2, "--frob"),
        ["steps and to together"] = (Ok, ["down", "--steps", "1", "--to", "20260101000001"], 2, "not both"),
        ["steps not a number"] = (Ok, ["down", "--steps", "abc"], 2, "abc"),
        ["steps zero"] = (Ok, ["down", "--steps", "0"], 2, "--steps 0"),
        ["baseline without id"] = (Ok, ["baseline"], 2, "--id"),
        ["baseline id too short"] = (Ok, ["baseline", "--id", "123"], 2, "'123'"),
        ["baseline id not a date"] = (Ok, ["baseline", "--id", "20261340000000"], 2, "20261340000000"),
        ["new without name"] = (Ok, ["new"], 2, "name"),
        ["new with unusable name"] = (Ok, ["new", "!!!"], 2, "'!!!'"),
        ["up to bad id"] = (Ok, ["up", "--to", "latest"], 2, "'latest'"),
        ["up to unknown id"] = (Ok, ["up", "--to", "20990101000000"], 2, "20990101000000"),
        ["down to unknown id"] = (Ok, ["down", "--to", "20990101000000"], 2, "20990101000000"),
        ["history limit zero"] = (Ok, ["history", "--limit", "0"], 2, "--limit 0"),
        ["repair bad id"] = (Ok, ["repair", "--id", "abc"], 2, "'abc'"),
        // Configuration
        ["no connection anywhere"] = (Ok, ["status", "--connection", ""], 2, "no connection"),
        ["config file missing"] = (Ok, ["status", "--config", "nope.json"], 2, "nope.json: config file not found"),
        ["config malformed json"] = (f => Config(f, "{ \"migrations\": \"migrations\",\n  \"connection\": }"), ["status", "--config", "cutover.json"], 2, "cutover.json:2:"),
        ["config unknown key"] = (f => Config(f, "{\n  \"conection\": \"Data Source=x.db\"\n}"), ["status", "--config", "cutover.json"], 2, "unknown setting 'conection'"),
        ["config wrong type"] = (f => Config(f, "{\n  \"lockWaitSeconds\": \"soon\"\n}"), ["status", "--config", "cutover.json"], 2, "cutover.json:2:"),
        ["config negative number"] = (f => Config(f, "{\n  \"lockWaitSeconds\": -5\n}"), ["status", "--config", "cutover.json"], 2, "must be a positive number"),
        ["migrations folder missing"] = (f => Config(f, "{ \"migrations\": \"elsewhere\", \"connection\": \"Data Source=app.db\" }"), ["up", "--config", "cutover.json"], 2, "migrations folder not found"),
        // Connections
        ["connection string not recognised"] = (Ok, ["status", "--connection", "foo=bar"], 2, "cannot tell the database"),
        ["sqlite folder missing"] = (Ok, ["status", "--connection", "Data Source=/no/such/folder/app.db"], 2, "/no/such/folder"),
        ["sqlite unknown keyword"] = (Ok, ["status", "--connection", "Data Source=x.db;Bogus=1"], 2, "bad SQLite connection string"),
        ["postgres unknown keyword"] = (Ok, ["status", "--connection", "Host=127.0.0.1;Bogus=1"], 2, "bad PostgreSQL connection string"),
        ["postgres server unreachable"] = (Ok, ["up", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=3"], 2, "cannot connect to PostgreSQL at 127.0.0.1:1"),
        // Migration files
        ["bad file name"] = (f => f.Write("2026-01-01", "x", "-- cutover:up\nSELECT 1;\n"), ["up"], 2, "bad migration file name"),
        ["duplicate id"] = (f => { Ok(f); f.Write("20260101000001", "again", "-- cutover:up\nSELECT 1;\n"); }, ["up"], 2, "duplicate migration id 20260101000001"),
        ["unknown directive"] = (f => f.Write("20260101000002", "x", "-- cutover:upp\nSELECT 1;\n"), ["up"], 2, "_x.sql:1: unknown directive"),
        ["unknown option on directive"] = (f => f.Write("20260101000002", "x", "-- cutover:up fast\nSELECT 1;\n"), ["up"], 2, "unknown directive '-- cutover:up fast'"),
        ["missing up"] = (f => f.Write("20260101000002", "x", "-- why: nothing\n-- cutover:down\nSELECT 1;\n"), ["up"], 2, "no '-- cutover:up' step"),
        ["empty up"] = (f => f.Write("20260101000002", "x", "-- cutover:up\n\n-- cutover:down\nSELECT 1;\n"), ["up"], 2, "_x.sql:1: empty up step"),
        ["down in irreversible file"] = (f => f.Write("20260101000002", "x", "-- cutover:up\nSELECT 1;\n-- cutover:irreversible data is gone\n-- cutover:down\nSELECT 1;\n"), ["up"], 2, "_x.sql:4: down step in a file marked irreversible"),
        ["irreversible without reason"] = (f => f.Write("20260101000002", "x", "-- cutover:up\nSELECT 1;\n-- cutover:irreversible\n"), ["up"], 2, "needs a reason"),
        ["sql before first directive"] = (f => f.Write("20260101000002", "x", "CREATE TABLE t (id int);\n-- cutover:up\nSELECT 1;\n"), ["up"], 2, "_x.sql:1: SQL before the first"),
        ["unterminated string"] = (f => f.Write("20260101000002", "x", "-- cutover:up\nSELECT 1;\nSELECT 'oops;\n"), ["up"], 2, "_x.sql:3: unterminated string"),
        ["unterminated block comment"] = (f => f.Write("20260101000002", "x", "-- cutover:up\n/* forgot\nSELECT 1;\n"), ["up"], 2, "_x.sql:2: unterminated block comment"),
        ["unterminated quoted identifier"] = (f => f.Write("20260101000002", "x", "-- cutover:up\nSELECT \"col FROM t;\n"), ["up"], 2, "_x.sql:2: unterminated quoted identifier"),
        ["backfill without {batch}"] = (f => f.Write("20260101000002", "x", "-- cutover:up\nSELECT 1;\n-- cutover:backfill users\nUPDATE users SET a = 1;\n"), ["up"], 2, "_x.sql:4: the backfill statement has no {batch} placeholder"),
    };

    public static TheoryData<string> SqliteCases => new(Cases.Keys);

    private static void Ok(MigrationsFolder f) => f.WriteTable("20260101000001", "a");

    private static void Nothing(MigrationsFolder f) { }

    private static void Config(MigrationsFolder f, string json)
    {
        Ok(f);
        File.WriteAllText(Path.Combine(f.Root, "cutover.json"), json);
    }

    [Theory]
    [MemberData(nameof(SqliteCases))]
    public async Task Bad_input_gives_one_line_the_documented_exit_code_and_writes_nothing(string name)
    {
        var (setup, args, exit, expected) = Cases[name];
        setup(_project);
        var file = Path.Combine(_project.Root, "app.db");
        var withConnection = args.Contains("--connection") || args.Contains("--config") ? args : [.. args, "--connection", $"Data Source={file}"];

        var result = await CliRunner.RunAsync(_project.Root, withConnection);

        Assert.Equal(exit, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, error);
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(file), "bad input created the database file");
    }

    [Fact]
    public async Task Unterminated_dollar_quote_on_postgres_is_bad_input_and_writes_nothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        _project.Write("20260101000001", "f", "-- cutover:up\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;\n");

        var result = await CliRunner.RunAsync(_project.Root, "up", "--connection", db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("_f.sql:2: unterminated dollar quote $body$", Assert.Single(result.ErrorLines));
        Assert.False(await HistoryExistsAsync(db));
    }

    [Fact]
    public async Task Wrong_password_is_one_line_exit_2_and_never_prints_the_password()
    {
        var admin = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync());
        _project.WriteTable("20260101000001", "a");
        var connection = $"Host={admin.Host};Port={admin.Port};Username={PostgresServer.PasswordUser};Password=wrong-secret;Database=postgres";

        var result = await CliRunner.RunAsync(_project.Root, "up", "--connection", connection);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("password authentication failed", Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("wrong-secret", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_one_line_exit_2()
    {
        var admin = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync()) { Database = "no_such_database" };
        _project.WriteTable("20260101000001", "a");

        var result = await CliRunner.RunAsync(_project.Root, "up", "--connection", admin.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("database \"no_such_database\" does not exist", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_malformed_file_on_postgres_writes_nothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        _project.WriteTable("20260101000001", "a");
        _project.Write("20260101000002", "x", "-- cutover:up\nSELECT 'oops;\n");

        var result = await CliRunner.RunAsync(_project.Root, "up", "--connection", db);

        Assert.Equal(2, result.ExitCode);
        Assert.False(await HistoryExistsAsync(db));
    }

    private static async Task<bool> HistoryExistsAsync(string db)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass('cutover_history') IS NOT NULL", c);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _project.Dispose();
}
