using Cutover.Importing;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Cli;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using SchemaAssert = Cutover.Tests.Cli.Json.SchemaAssert;

namespace Cutover.Tests.Importing;

/// <summary>
/// `cutover import efcore` on a real EF Core project (<see cref="EfCoreSample"/>, three migrations made by
/// `dotnet ef migrations add`): the files it writes give the schema `dotnet ef database update` gives, roll back to
/// nothing, and with `--connection` a database EF Core migrated part of the way is baselined from its
/// __EFMigrationsHistory.
/// </summary>
public sealed class EfCoreImportCliTests(EfCoreSample sample) : IClassFixture<EfCoreSample>, IDisposable
{
    private readonly MigrationsFolder _project = new();

    public void Dispose() => _project.Dispose();

    private string Dir => _project.Root;

    private string[] ImportedFiles() => Directory.GetFiles(_project.Folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public async Task Each_EF_Core_migration_becomes_a_migration_of_its_id_that_builds_the_schema_EF_Core_builds_and_rolls_back_to_nothing()
    {
        var cutover = SqliteFiles.NewDatabase();
        var efcore = SqliteFiles.NewDatabase();

        var import = await CliRunner.RunAsync(Dir, "import", "efcore", sample.Project);

        Assert.True(import.ExitCode == 0, import.Stderr);
        string[] expected = [.. sample.MigrationIds.Select(id => id[..14] + "_" + Cutover.Files.MigrationName.NormaliseSlug(id[15..]) + ".sql")];
        Assert.Equal(expected, ImportedFiles());
        Assert.Equal(["create_customers", "add_orders", "add_customer_rank"], expected.Select(f => f[15..^4]));
        var first = await File.ReadAllTextAsync(Path.Combine(_project.Folder, expected[0]));
        Assert.StartsWith($"-- efcore: {sample.MigrationIds[0]}\n-- why: imported from EF Core, migration CreateCustomers of Shop\n-- cutover:up\nCREATE TABLE \"Customers\"", first);
        foreach (var file in expected)
        {
            // What Cutover does itself is not in the files: EF Core's history, its transactions, SQLite's foreign_keys pragma.
            var text = await File.ReadAllTextAsync(Path.Combine(_project.Folder, file));
            Assert.DoesNotContain("__EFMigrationsHistory", text);
            Assert.DoesNotContain("TRANSACTION", text);
            Assert.DoesNotContain("COMMIT", text);
            Assert.DoesNotContain("PRAGMA", text);
            Assert.Contains("-- cutover:down\n", text);
        }
        Assert.Contains($"imported {sample.MigrationIds[2]} -> {expected[2]}", import.Stdout);
        var check = await CliRunner.RunAsync(Dir, "check", "--dialect", "sqlite");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "up", "--connection", cutover)).ExitCode);
        await sample.DatabaseUpdateAsync(efcore);
        var built = await SchemaAsync(cutover);
        Assert.Contains("\"Orders\"", built, StringComparison.Ordinal);
        Assert.Equal(await SchemaAsync(efcore), built);

        var down = await CliRunner.RunAsync(Dir, "down", "--to", "0", "--accept-data-loss", "--connection", cutover);
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.DoesNotContain((await ReadSchemaAsync(cutover)).Tables, t => !t.Name.StartsWith("sqlite_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_connection_a_database_EF_Core_updated_to_the_second_migration_is_baselined_there_and_up_applies_the_third()
    {
        var database = SqliteFiles.NewDatabase();
        var efcore = SqliteFiles.NewDatabase();
        await sample.DatabaseUpdateAsync(database, sample.MigrationIds[1]);

        var import = await CliRunner.RunAsync(Dir, "import", "efcore", sample.Project, "--connection", database, "--json");

        Assert.True(import.ExitCode == 0, import.Stderr);
        SchemaAssert.Matches("import-efcore.schema.json", import);
        var report = System.Text.Json.JsonDocument.Parse(import.Stdout).RootElement;
        Assert.Equal(sample.MigrationIds[1][..14], report.GetProperty("baselineId").GetString());
        Assert.Equal(sample.MigrationIds[1], report.GetProperty("baselineEfCoreId").GetString());
        Assert.Equal(3, report.GetProperty("imported").GetArrayLength());
        Assert.DoesNotContain("Data Source", import.Stdout + import.Stderr);

        var status = await CliRunner.RunAsync(Dir, "status", "--connection", database, "--json");
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement.GetProperty("migrations").EnumerateArray()
            .Count(m => m.GetProperty("state").GetString() == "pending"));
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "up", "--connection", database)).ExitCode);
        var states = (await new Migrator(new CutoverOptions { ConnectionString = database, MigrationsFolder = _project.Folder }, new SqliteProvider()).StatusAsync())
            .Migrations.Select(m => m.State).ToArray();
        Assert.Equal([MigrationState.BelowBaseline, MigrationState.Baseline, MigrationState.Applied], states);
        await sample.DatabaseUpdateAsync(efcore);
        Assert.Equal(await SchemaAsync(efcore), await SchemaAsync(database));
    }

    [Fact]
    public async Task A_project_that_cannot_be_imported_as_it_is_is_refused_in_one_line_and_nothing_is_written()
    {
        var missing = await CliRunner.RunAsync(Dir, "import", "efcore", Path.Combine(sample.Folder, "Nope.csproj"));
        Assert.Equal((int)ExitCode.BadInput, missing.ExitCode);
        Assert.Contains("Nope.csproj: no such project", Assert.Single(missing.ErrorLines));
        Assert.Empty(ImportedFiles());

        // A history row the project has no migration of: refused after EF Core scripted everything, before a file is written.
        var database = SqliteFiles.NewDatabase();
        await sample.DatabaseUpdateAsync(database, sample.MigrationIds[0]);
        await ExecuteAsync(database, "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20200101000000_Elsewhere', '10.0.15')");
        var foreign = await CliRunner.RunAsync(Dir, "import", "efcore", sample.Project, "--connection", database);
        Assert.Equal((int)ExitCode.BadInput, foreign.ExitCode);
        Assert.Contains("__EFMigrationsHistory: 20200101000000_Elsewhere was applied, but the project has no such migration", Assert.Single(foreign.ErrorLines));
        Assert.Empty(ImportedFiles());
        Assert.DoesNotContain(await TablesAsync(database), t => t.StartsWith("cutover_", StringComparison.Ordinal));

        var empty = await CliRunner.RunAsync(Dir, "import", "efcore", Path.GetDirectoryName(sample.EmptyProject)!);
        Assert.Equal((int)ExitCode.BadInput, empty.ExitCode);
        Assert.Contains("Empty.csproj: the project has no EF Core migrations", Assert.Single(empty.ErrorLines));
        Assert.Contains("dotnet ef migrations add", empty.Stderr);

        var broken = await CliRunner.RunAsync(Dir, "import", "efcore", sample.BrokenProject);
        Assert.Equal((int)ExitCode.BadInput, broken.ExitCode);
        // The compiler's own error line, so the cause shows without running the build again.
        Assert.Matches(@"Broken\.csproj: the build failed: .*Broken\.cs\(1,\d+\): error CS0029", Assert.Single(broken.ErrorLines));
        Assert.Empty(ImportedFiles());

        _project.WriteTable("20260101000001", "existing");
        var occupied = await CliRunner.RunAsync(Dir, "import", "efcore", sample.Project);
        Assert.Equal((int)ExitCode.BadInput, occupied.ExitCode);
        Assert.Contains("already has migration files", Assert.Single(occupied.ErrorLines));
        Assert.Equal(["20260101000001_create_existing.sql"], ImportedFiles());
    }

    /// <summary>
    /// The canonical text of the database's schema, without EF Core's tables (__EFMigrationsHistory, and the
    /// __EFMigrationsLock that `dotnet ef database update` takes on SQLite); Cutover's own are never in it.
    /// </summary>
    private static async Task<string> SchemaAsync(string connectionString)
    {
        var model = await ReadSchemaAsync(connectionString);
        return SchemaText.Render(model with { Tables = model.Tables.Where(t => !t.Name.StartsWith("__EFMigrations", StringComparison.Ordinal)).ToList() });
    }

    private static Task<SchemaModel> ReadSchemaAsync(string connectionString) =>
        new Migrator(new CutoverOptions { ConnectionString = connectionString, MigrationsFolder = "." }, new SqliteProvider()).ReadSchemaAsync();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await new SqliteProvider().OpenAsync(connectionString, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = await new SqliteProvider().OpenAsync(connectionString, forReading: true, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }
}
