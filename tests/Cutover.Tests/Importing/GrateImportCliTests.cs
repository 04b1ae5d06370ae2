using Cutover.Running;
using Cutover.Tests.Cli;
using Cutover.Tests.Specification;
using SchemaAssert = Cutover.Tests.Cli.Json.SchemaAssert;

namespace Cutover.Tests.Importing;

/// <summary>
/// `cutover import grate` against ScriptsRun tables the real grate wrote: grate migrates a database with the first
/// one-time scripts (and its anytime and everytime folders), more are added to up/, and the import baselines at the
/// last one grate applied so `cutover up` runs the rest.
/// </summary>
public sealed class GrateImportCliTests : JournalImportCliTests, IClassFixture<GrateTool>
{
    private readonly GrateTool _grate;

    public GrateImportCliTests(GrateTool grate) : base("grate") => _grate = grate;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_database_grate_migrated_is_baselined_at_its_last_applied_up_script_and_anytime_scripts_are_skipped(string engine)
    {
        var database = await JournalTestDatabase.CreateAsync(engine);
        Script("up/0001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Script("up/0002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
        Script("views/user_names.sql", "DROP VIEW IF EXISTS user_names;\nCREATE VIEW user_names AS SELECT name FROM users;\n");
        Script("permissions/0001_check.sql", "SELECT 1;\n");
        await _grate.MigrateAsync(engine, database.ConnectionString, Scripts);
        // Later: grate orders by the path under up/, so the top folder's 0003 comes before later/0001.
        Script("up/0003_phone.sql", "ALTER TABLE users ADD COLUMN phone text;\n");
        Script("up/later/0001_city.sql", "ALTER TABLE users ADD COLUMN city text;\n");
        Script("up/seed.env.TEST.sql", "INSERT INTO users (id, name) VALUES (1, 'test');\n");

        var import = await ImportAsync("--connection", database.ConnectionString);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(["20000101000001_users.sql", "20000101000002_email.sql", "20000101000003_phone.sql", "20000101000004_city.sql"], ImportedFiles());
        Assert.Equal("-- grate: up/later/0001_city.sql\n-- why: imported from grate (one-time script up/later/0001_city.sql)\n-- cutover:up\n" +
            "ALTER TABLE users ADD COLUMN city text;\n-- cutover:irreversible grate scripts have no down step\n",
            await File.ReadAllTextAsync(Path.Combine(Project.Folder, "20000101000004_city.sql")));
        Assert.Contains("baseline set at 20000101000002 (grate script 0002_email.sql", import.Stdout);
        Assert.Contains("skipped views/user_names.sql: an anytime script", import.Stderr);
        Assert.Contains("skipped permissions/0001_check.sql: an everytime script", import.Stderr);
        Assert.Contains("skipped up/seed.env.TEST.sql: an environment script", import.Stderr);

        Assert.Equal([MigrationState.BelowBaseline, MigrationState.Baseline, MigrationState.Pending, MigrationState.Pending], await database.StatesAsync(Project.Folder));
        Assert.Equal(0, (await CliRunner.RunAsync(Project.Root, "up", "--connection", database.ConnectionString)).ExitCode);
        Assert.Equal(["city", "email", "id", "name", "phone"], await database.UserColumnsAsync());

        // The report as a --json document, on a second database grate migrated with every script, imported into a second project.
        var grated = await JournalTestDatabase.CreateAsync(engine);
        await _grate.MigrateAsync(engine, grated.ConnectionString, Scripts);
        using var second = new MigrationsFolder();
        var json = await ImportIntoAsync(second, "--json", "--connection", grated.ConnectionString);
        SchemaAssert.Matches("import-grate.schema.json", json);
        var document = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("later/0001_city.sql", document.GetProperty("baselineScript").GetString());
        // Where grate keeps its journal on each engine: a table in its schema on PostgreSQL, the schema as a prefix on SQLite.
        Assert.Equal(engine == "sqlite" ? "grate_ScriptsRun" : "grate.ScriptsRun", document.GetProperty("journal").GetString());
        Assert.Equal(3, document.GetProperty("skipped").GetArrayLength());
        // grate's own order, as it ran them on the fresh database, is the order the import gave them.
        Assert.Equal(["0001_users.sql", "0002_email.sql", "0003_phone.sql", "later/0001_city.sql"],
            await grated.ColumnAsync($"SELECT script_name FROM {(engine == "sqlite" ? "grate_ScriptsRun" : "grate.\"ScriptsRun\"")} WHERE one_time_script = {(engine == "sqlite" ? "1" : "true")} ORDER BY id"));
    }

    [Fact]
    public async Task An_up_script_that_sorts_before_an_applied_one_but_was_never_applied_is_refused_and_nothing_is_written()
    {
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        Script("up/0001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Script("up/0003_city.sql", "ALTER TABLE users ADD COLUMN city text;\n");
        await _grate.MigrateAsync("sqlite", database.ConnectionString, Scripts);
        Script("up/0002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");

        var gap = await ImportAsync("--connection", database.ConnectionString);

        Assert.Equal((int)ExitCode.BadInput, gap.ExitCode);
        Assert.Contains("grate_ScriptsRun: script 0002_email.sql comes before 0003_city.sql, which was applied, but was never applied itself", Assert.Single(gap.ErrorLines));
        Assert.Empty(ImportedFiles());

        // And a journal naming a script the folder no longer has.
        File.Delete(Path.Combine(Scripts, "up", "0002_email.sql"));
        File.Move(Path.Combine(Scripts, "up", "0001_users.sql"), Path.Combine(Scripts, "up", "0001_create_users.sql"));
        var missing = await ImportAsync("--connection", database.ConnectionString);
        Assert.Equal((int)ExitCode.BadInput, missing.ExitCode);
        Assert.Contains("script 0001_users.sql was applied, but the folder has no such script", Assert.Single(missing.ErrorLines));
        Assert.Empty(ImportedFiles());
        Assert.False(File.Exists(Path.Combine(Project.Folder, "cutover.sum")));
    }

    [Fact]
    public async Task A_folder_without_up_and_a_migrations_folder_with_migrations_are_refused_and_a_database_grate_never_touched_is_not_baselined()
    {
        Script("views/v.sql", "SELECT 1;\n");
        var noUp = await ImportAsync();
        Assert.Equal((int)ExitCode.BadInput, noUp.ExitCode);
        Assert.Contains("no up/ folder", Assert.Single(noUp.ErrorLines));

        Script("up/0001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Project.WriteTable("20260101000001", "existing");
        var occupied = await ImportAsync();
        Assert.Equal((int)ExitCode.BadInput, occupied.ExitCode);
        Assert.Contains("already has migration files", Assert.Single(occupied.ErrorLines));
        Assert.Equal(["20260101000001_create_existing.sql"], ImportedFiles());

        File.Delete(Path.Combine(Project.Folder, "20260101000001_create_existing.sql"));
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        var import = await ImportAsync("--connection", database.ConnectionString);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("no baseline: the database has no grate ScriptsRun table in schema grate", import.Stdout);
        Assert.Equal([MigrationState.Pending], await database.StatesAsync(Project.Folder));
    }
}
