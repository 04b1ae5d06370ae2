using System.Data.Common;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Cli;
using SchemaAssert = Cutover.Tests.Cli.Json.SchemaAssert;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Importing;

/// <summary>
/// `cutover import flyway` on a Flyway folder written by hand after Flyway's documented naming (V, U and R prefixes,
/// dotted and underscored versions, "__" before the description): the files it writes run under `cutover up` and roll
/// back with the U scripts; with `--connection` a database Flyway migrated is baselined from its flyway_schema_history.
/// </summary>
public sealed class FlywayImportCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();
    private readonly string _flyway = Directory.CreateTempSubdirectory("cutover-flyway-").FullName;

    public void Dispose()
    {
        _project.Dispose();
        Directory.Delete(_flyway, recursive: true);
    }

    private string Dir => _project.Root;

    private void Flyway(string name, string sql)
    {
        var path = Path.Combine(_flyway, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sql);
    }

    /// <summary>Versions 1, 1.1, 1.9 and 1_10 (after 1.9, as Flyway orders numbers), two with undo scripts, a repeatable and a misnamed file.</summary>
    private void WriteFlywayFolder()
    {
        Flyway("V1__create_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Flyway("U1__create_users.sql", "DROP TABLE users;\n");
        Flyway("V1.1__add_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
        Flyway("more/V1.9__Add_Phone.sql", "ALTER TABLE users ADD COLUMN phone text;\n");
        Flyway("more/V1_10__add_city.sql", "ALTER TABLE users ADD COLUMN city text;\n");
        Flyway("more/U1_10__add_city.sql", "ALTER TABLE users DROP COLUMN city;\n");
        Flyway("R__user_names.sql", "CREATE VIEW user_names AS SELECT name FROM users;\n");
        Flyway("seed.sql", "INSERT INTO users (id) VALUES (1);\n");
    }

    private string[] ImportedFiles() => Directory.GetFiles(_project.Folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Each_V_file_becomes_a_migration_in_Flyway_order_with_its_U_file_as_the_down_step_and_they_run()
    {
        WriteFlywayFolder();
        var database = SqliteFiles.NewDatabase();

        var import = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(["20000101000001_create_users.sql", "20000101000002_add_email.sql", "20000101000003_add_phone.sql", "20000101000004_add_city.sql"], ImportedFiles());
        var first = await File.ReadAllTextAsync(Path.Combine(_project.Folder, "20000101000001_create_users.sql"));
        Assert.Equal("-- flyway: V1__create_users.sql\n-- why: imported from Flyway, version 1 (create users)\n-- cutover:up\nCREATE TABLE users (id integer PRIMARY KEY, name text);\n-- cutover:down\nDROP TABLE users;\n", first);
        Assert.Contains("-- cutover:irreversible Flyway had no undo script (U1.1__….sql)", await File.ReadAllTextAsync(Path.Combine(_project.Folder, "20000101000002_add_email.sql")));
        Assert.True(File.Exists(Path.Combine(_project.Folder, "cutover.sum")));
        Assert.Contains("imported V1_10__add_city.sql + U1_10__add_city.sql -> 20000101000004_add_city.sql", import.Stdout);
        Assert.Contains("skipped R__user_names.sql: a repeatable script", import.Stderr);
        Assert.Contains("skipped seed.sql: not Flyway's naming", import.Stderr);
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "sum")).ExitCode);

        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "up", "--connection", database)).ExitCode);
        var status = await new Migrator(new CutoverOptions { ConnectionString = database, MigrationsFolder = _project.Folder }, new SqliteProvider()).StatusAsync();
        Assert.All(status.Migrations, m => Assert.Equal(MigrationState.Applied, m.State));
        // The U script is the rollback: city goes, and the next down stops at the irreversible one below it.
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "down", "--connection", database)).ExitCode);
        Assert.DoesNotContain("city", await ColumnsAsync(database));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_imported_as_it_is_is_refused_naming_the_file_and_nothing_is_written()
    {
        Flyway("V1__a.sql", "CREATE TABLE a (id integer);\n");
        Flyway("V1.0__b.sql", "CREATE TABLE b (id integer);\n");
        var duplicate = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway);
        Assert.Equal((int)ExitCode.BadInput, duplicate.ExitCode);
        // One version twice, as Flyway compares versions (1.0 = 1): both files named.
        Assert.Matches(@"V1__a\.sql: version 1 is also V1\.0__b\.sql's|V1\.0__b\.sql: version 1\.0 is also V1__a\.sql's", Assert.Single(duplicate.ErrorLines));
        Assert.Empty(ImportedFiles());

        File.Delete(Path.Combine(_flyway, "V1.0__b.sql"));
        Flyway("V2__schema.sql", "CREATE TABLE c (id integer);\nCREATE TABLE ${schema}.d (id integer);\n");
        var placeholder = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway);
        Assert.Equal((int)ExitCode.BadInput, placeholder.ExitCode);
        Assert.Contains("V2__schema.sql:2: Flyway placeholder ${schema}", Assert.Single(placeholder.ErrorLines));
        Assert.Empty(ImportedFiles());

        File.Delete(Path.Combine(_flyway, "V2__schema.sql"));
        Flyway("U3__gone.sql", "DROP TABLE gone;\n");
        Assert.Contains("an undo script of version 3, but no V3__….sql", Assert.Single((await CliRunner.RunAsync(Dir, "import", "flyway", _flyway)).ErrorLines));
        File.Delete(Path.Combine(_flyway, "U3__gone.sql"));

        _project.WriteTable("20260101000001", "existing");
        var occupied = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway);
        Assert.Equal((int)ExitCode.BadInput, occupied.ExitCode);
        Assert.Contains("already has migration files", Assert.Single(occupied.ErrorLines));
        Assert.Equal(["20260101000001_create_existing.sql"], ImportedFiles());

        Assert.Equal((int)ExitCode.BadInput, (await CliRunner.RunAsync(Dir, "import", "flyway", Path.Combine(_flyway, "nope"))).ExitCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task With_connection_a_database_Flyway_migrated_is_baselined_at_its_newest_applied_version_and_up_applies_the_rest(string engine)
    {
        WriteFlywayFolder();
        var database = await NewDatabaseAsync(engine);
        // What Flyway did: versions 1 and 1.1 applied, recorded as Flyway records them.
        await ExecuteAsync(engine, database,
            "CREATE TABLE users (id integer PRIMARY KEY, name text)",
            "ALTER TABLE users ADD COLUMN email text",
            CreateHistory,
            "INSERT INTO flyway_schema_history VALUES (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'ci', CURRENT_TIMESTAMP, 3, true)",
            "INSERT INTO flyway_schema_history VALUES (2, NULL, 'user names', 'SQL', 'R__user_names.sql', 2, 'ci', CURRENT_TIMESTAMP, 1, true)",
            "INSERT INTO flyway_schema_history VALUES (3, '1.1', 'add email', 'SQL', 'V1.1__add_email.sql', 3, 'ci', CURRENT_TIMESTAMP, 2, true)");

        var import = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway, "--connection", database);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("baseline set at 20000101000002 (Flyway version 1.1)", import.Stdout);
        // The same report as a --json document, valid against its schema (on a second project: the first is imported).
        using (var second = new MigrationsFolder())
        {
            var json = await CliRunner.RunAsync(second.Root, "import", "flyway", _flyway, "--json");
            SchemaAssert.Matches("import-flyway.schema.json", json);
            Assert.Equal(4, System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("imported").GetArrayLength());
        }
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "up", "--connection", database)).ExitCode);
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var status = await new Migrator(new CutoverOptions { ConnectionString = database, MigrationsFolder = _project.Folder }, provider).StatusAsync();
        Assert.Equal([MigrationState.BelowBaseline, MigrationState.Baseline, MigrationState.Applied, MigrationState.Applied], status.Migrations.Select(m => m.State).ToArray());
        Assert.Equal(["city", "email", "id", "name", "phone"], (await ColumnsAsync(database, engine)).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failed_Flyway_migration_refuses_the_import_and_nothing_is_written(string engine)
    {
        WriteFlywayFolder();
        var database = await NewDatabaseAsync(engine);
        await ExecuteAsync(engine, database,
            CreateHistory,
            "INSERT INTO flyway_schema_history VALUES (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'ci', CURRENT_TIMESTAMP, 3, false)");

        var import = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway, "--connection", database);

        Assert.Equal((int)ExitCode.BadInput, import.ExitCode);
        Assert.Contains("flyway_schema_history: version 1 failed (installed_rank 1)", Assert.Single(import.ErrorLines));
        Assert.Empty(ImportedFiles());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_history_that_disagrees_with_the_files_is_refused_and_a_database_without_one_is_not_baselined(string engine)
    {
        WriteFlywayFolder();
        var database = await NewDatabaseAsync(engine);
        // Never migrated by Flyway: the query finds no table, which is no history rather than a failure.
        using (var fresh = new MigrationsFolder())
        {
            var plain = await CliRunner.RunAsync(fresh.Root, "import", "flyway", _flyway, "--connection", database);
            Assert.Equal(0, plain.ExitCode);
            Assert.Contains("no baseline: the database has no flyway_schema_history", plain.Stdout);
        }

        // Version 1.1 applied, version 1 below it never: a baseline at 1.1 would count 1 as applied.
        await ExecuteAsync(engine, database, CreateHistory,
            "INSERT INTO flyway_schema_history VALUES (1, '1.1', 'add email', 'SQL', 'V1.1__add_email.sql', 3, 'ci', CURRENT_TIMESTAMP, 2, true)");
        var gap = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway, "--connection", database);
        Assert.Equal((int)ExitCode.BadInput, gap.ExitCode);
        Assert.Contains("flyway_schema_history: version 1 (", Assert.Single(gap.ErrorLines));
        Assert.Contains("is older than the newest applied version, but was never applied", gap.Stderr);
        Assert.Empty(ImportedFiles());

        // A version applied that the folder has no file for.
        await ExecuteAsync(engine, database,
            "INSERT INTO flyway_schema_history VALUES (2, '7', 'elsewhere', 'SQL', 'V7__elsewhere.sql', 4, 'ci', CURRENT_TIMESTAMP, 1, true)");
        var unknown = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway, "--connection", database);
        Assert.Equal((int)ExitCode.BadInput, unknown.ExitCode);
        Assert.Contains("flyway_schema_history: version 7 was applied, but the folder has no V7__….sql", Assert.Single(unknown.ErrorLines));
        Assert.Empty(ImportedFiles());
    }

    [Fact]
    public async Task A_history_table_the_connection_may_not_read_is_an_error_not_a_database_without_history()
    {
        WriteFlywayFolder();
        var owner = await PostgresServer.CreateDatabaseAsync();
        // The table belongs to the superuser; the password role may connect but not read it.
        await ExecuteAsync("postgres", owner, CreateHistory);
        var reader = new NpgsqlConnectionStringBuilder(owner) { Username = PostgresServer.PasswordUser, Password = PostgresServer.Password }.ConnectionString;

        var import = await CliRunner.RunAsync(Dir, "import", "flyway", _flyway, "--connection", reader);

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains("permission denied for table flyway_schema_history", import.Stderr);
        Assert.DoesNotContain("no baseline", import.Stdout);
    }

    /// <summary>Flyway's history table as Flyway creates it, in SQL both engines take.</summary>
    private const string CreateHistory =
        "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200), type varchar(20), " +
        "script varchar(1000), checksum integer, installed_by varchar(100), installed_on timestamp, execution_time integer, success boolean NOT NULL)";

    private static async Task<string> NewDatabaseAsync(string engine) =>
        engine == "sqlite" ? SqliteFiles.NewDatabase() : await PostgresServer.CreateDatabaseAsync();

    private static async Task ExecuteAsync(string engine, string connectionString, params string[] statements)
    {
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        await using var connection = await provider.OpenAsync(connectionString, forReading: false, CancellationToken.None);
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> ColumnsAsync(string connectionString, string engine = "sqlite")
    {
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        await using var connection = await provider.OpenAsync(connectionString, forReading: true, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = engine == "sqlite" ? "SELECT name FROM pragma_table_info('users')" : "SELECT column_name FROM information_schema.columns WHERE table_name = 'users'";
        var columns = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            columns.Add(reader.GetString(0));
        return columns;
    }
}
