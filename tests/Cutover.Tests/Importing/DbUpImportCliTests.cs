using DbUp;
using DbUp.Engine;
using Cutover.Running;
using Cutover.Tests.Cli;
using Cutover.Tests.Specification;
using SchemaAssert = Cutover.Tests.Cli.Json.SchemaAssert;

namespace Cutover.Tests.Importing;

/// <summary>
/// `cutover import dbup` against journals the real DbUp wrote: DbUp upgrades a database with the first scripts, more
/// scripts are added to the folder, and the import baselines at the last one DbUp applied so `cutover up` runs the rest.
/// </summary>
public sealed class DbUpImportCliTests : JournalImportCliTests
{
    public DbUpImportCliTests() : base("dbup")
    {
    }

    /// <summary>Runs DbUp, as an application would at start-up, on the scripts the folder holds now.</summary>
    private void RunDbUp(JournalTestDatabase database)
    {
        var result = DbUpEngine(database).PerformUpgrade();
        Assert.True(result.Successful, result.Error?.ToString());
    }

    private UpgradeEngine DbUpEngine(JournalTestDatabase database)
    {
        var builder = database.Engine == "sqlite"
            ? DeployChanges.To.SqliteDatabase(database.ConnectionString)
            : DeployChanges.To.PostgresqlDatabase(database.ConnectionString);
        return builder.WithScriptsFromFileSystem(Scripts).LogToNowhere().Build();
    }

    private void WriteFirstTwo()
    {
        Script("001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Script("002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
    }

    /// <summary>Two more: DbUp orders names ordinally, so 003_Phone (capital P) runs before 003_city.</summary>
    private void WriteTheRest()
    {
        Script("003_city.sql", "ALTER TABLE users ADD COLUMN city text;\n");
        Script("003_Phone.sql", "ALTER TABLE users ADD COLUMN phone text;\n");
        Script("archive/000_old.sql", "CREATE TABLE old (id integer);\n");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_database_DbUp_upgraded_is_baselined_at_its_last_applied_script_and_up_applies_the_rest(string engine)
    {
        var database = await JournalTestDatabase.CreateAsync(engine);
        WriteFirstTwo();
        RunDbUp(database);
        WriteTheRest();

        var import = await ImportAsync("--connection", database.ConnectionString);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(["20000101000001_users.sql", "20000101000002_email.sql", "20000101000003_phone.sql", "20000101000004_city.sql"], ImportedFiles());
        Assert.Equal("-- dbup: 001_users.sql\n-- why: imported from DbUp (script 001_users.sql)\n-- cutover:up\nCREATE TABLE users (id integer PRIMARY KEY, name text);\n" +
            "-- cutover:irreversible DbUp scripts have no down step\n", await File.ReadAllTextAsync(Path.Combine(Project.Folder, "20000101000001_users.sql")));
        Assert.Contains("baseline set at 20000101000002 (DbUp script 002_email.sql", import.Stdout);
        Assert.Contains("skipped archive/000_old.sql: in a subfolder", import.Stderr);

        Assert.Equal([MigrationState.BelowBaseline, MigrationState.Baseline, MigrationState.Pending, MigrationState.Pending], await database.StatesAsync(Project.Folder));
        var status = await CliRunner.RunAsync(Project.Root, "status", "--connection", database.ConnectionString);
        Assert.Contains("20000101000003", status.Stdout);
        Assert.Equal(0, (await CliRunner.RunAsync(Project.Root, "up", "--connection", database.ConnectionString)).ExitCode);
        Assert.Equal(["city", "email", "id", "name", "phone"], await database.UserColumnsAsync());

        // The report as a --json document, on a second database DbUp upgraded with all four scripts, imported into a second project.
        var upgraded = await JournalTestDatabase.CreateAsync(engine);
        // DbUp's own order of the scripts it has still to run is the order the import gave them.
        Assert.Equal(["001_users.sql", "002_email.sql", "003_Phone.sql", "003_city.sql"], DbUpEngine(upgraded).GetScriptsToExecute().Select(s => s.Name).ToArray());
        RunDbUp(upgraded);
        using var second = new MigrationsFolder();
        var json = await ImportIntoAsync(second, "--json", "--connection", upgraded.ConnectionString);
        SchemaAssert.Matches("import-dbup.schema.json", json);
        var document = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(4, document.GetProperty("imported").GetArrayLength());
        Assert.Equal("003_city.sql", document.GetProperty("baselineScript").GetString());
        Assert.Equal("schemaversions", document.GetProperty("journal").GetString());
    }

    [Fact]
    public async Task A_journal_that_names_a_script_the_folder_lacks_is_refused_and_nothing_is_written()
    {
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        WriteFirstTwo();
        RunDbUp(database);
        File.Move(Path.Combine(Scripts, "001_users.sql"), Path.Combine(Scripts, "001_create_users.sql"));

        var import = await ImportAsync("--connection", database.ConnectionString);

        Assert.Equal((int)ExitCode.BadInput, import.ExitCode);
        Assert.Contains("script 001_users.sql was applied, but the folder has no such script", Assert.Single(import.ErrorLines));
        Assert.Empty(ImportedFiles());
        Assert.False(File.Exists(Path.Combine(Project.Folder, "cutover.sum")));
    }

    [Fact]
    public async Task A_script_that_sorts_before_an_applied_one_but_was_never_applied_is_refused_and_nothing_is_written()
    {
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        Script("001_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
        Script("003_city.sql", "ALTER TABLE users ADD COLUMN city text;\n");
        RunDbUp(database);
        Script("002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");

        var import = await ImportAsync("--connection", database.ConnectionString);

        Assert.Equal((int)ExitCode.BadInput, import.ExitCode);
        Assert.Contains("script 002_email.sql comes before 003_city.sql, which was applied, but was never applied itself", Assert.Single(import.ErrorLines));
        Assert.Empty(ImportedFiles());
    }

    [Fact]
    public async Task A_migrations_folder_with_migrations_is_refused_and_a_database_without_a_journal_is_not_baselined()
    {
        WriteFirstTwo();
        Project.WriteTable("20260101000001", "existing");
        var occupied = await ImportAsync();
        Assert.Equal((int)ExitCode.BadInput, occupied.ExitCode);
        Assert.Contains("already has migration files", Assert.Single(occupied.ErrorLines));
        Assert.Equal(["20260101000001_create_existing.sql"], ImportedFiles());

        File.Delete(Path.Combine(Project.Folder, "20260101000001_create_existing.sql"));
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        var import = await ImportAsync("--connection", database.ConnectionString);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("no baseline: the database has no DbUp journal table (SchemaVersions)", import.Stdout);
        Assert.All(await database.StatesAsync(Project.Folder), s => Assert.Equal(MigrationState.Pending, s));
    }

    [Fact]
    public async Task Scripts_DbUp_ran_as_embedded_resources_match_their_files_with_the_script_prefix_and_a_named_journal_table()
    {
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        WriteFirstTwo();
        WriteTheRest();
        // An application that embeds its scripts: DbUp journals the resource names, the assembly's namespace before the file name.
        DeployChanges.To.SqliteDatabase(database.ConnectionString)
            .WithScripts(new SqlScript("MyApp.Scripts.001_users.sql", await File.ReadAllTextAsync(Path.Combine(Scripts, "001_users.sql"))))
            .JournalToSqliteTable("AppliedScripts")
            .LogToNowhere().Build().PerformUpgrade();

        var unprefixed = await ImportAsync("--connection", database.ConnectionString, "--journal-table", "AppliedScripts");
        Assert.Contains("script MyApp.Scripts.001_users.sql was applied, but the folder has no such script", Assert.Single(unprefixed.ErrorLines));
        Assert.Contains("--script-prefix", unprefixed.Stderr);

        var import = await ImportAsync("--connection", database.ConnectionString,
            "--journal-table", "AppliedScripts", "--script-prefix", "MyApp.Scripts.");
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("baseline set at 20000101000001 (DbUp script 001_users.sql", import.Stdout);
    }

    [Fact]
    public async Task With_include_subdirectories_scripts_in_subfolders_are_named_and_ordered_as_DbUp_names_them()
    {
        var database = await JournalTestDatabase.CreateAsync("sqlite");
        WriteFirstTwo();
        WriteTheRest();
        var engine = DeployChanges.To.SqliteDatabase(database.ConnectionString)
            .WithScriptsFromFileSystem(Scripts, new DbUp.ScriptProviders.FileSystemScriptOptions { IncludeSubDirectories = true })
            .LogToNowhere().Build();
        var dbupOrder = engine.GetScriptsToExecute().Select(s => s.Name).ToArray();
        Assert.True(engine.PerformUpgrade().Successful);

        var json = await ImportAsync("--include-subdirectories", "--json", "--connection", database.ConnectionString);

        Assert.Equal(0, json.ExitCode);
        var document = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(dbupOrder, document.GetProperty("imported").EnumerateArray().Select(m => m.GetProperty("script").GetString()!).ToArray());
        Assert.Contains("archive.000_old.sql", dbupOrder);
        Assert.Equal("archive.000_old.sql", document.GetProperty("baselineScript").GetString());
        Assert.Equal(0, document.GetProperty("skipped").GetArrayLength());
    }
}
