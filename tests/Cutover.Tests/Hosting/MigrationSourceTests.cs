using Cutover.Files;
using Cutover.Hosting;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Tests.Hosting;

/// <summary>Where a hosted application's migrations come from: embedded resources, or a folder beside the application.</summary>
public sealed class MigrationSourceTests
{
    [Fact]
    public async Task Migrations_embedded_in_an_assembly_are_applied_without_a_folder_on_disk()
    {
        var db = SqliteFiles.NewDatabase();
        var migrator = new Migrator(new CutoverOptions
        {
            ConnectionString = db,
            MigrationsAssembly = typeof(MigrationSourceTests).Assembly,
            MigrationsFolder = "Hosting/EmbeddedMigrations",
        }, new SqliteProvider());

        var result = await migrator.UpAsync();

        Assert.Equal(["20260101000001", "20260101000002"], result.Migrations.Select(m => m.Id));
        await using var connection = new SqliteConnection(db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM gadgets";
        Assert.Equal("sprocket", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_assembly_with_nothing_embedded_in_the_folder_is_refused_naming_the_folder()
    {
        var migrator = new Migrator(new CutoverOptions
        {
            ConnectionString = SqliteFiles.NewDatabase(),
            MigrationsAssembly = typeof(MigrationSourceTests).Assembly,
            MigrationsFolder = "nowhere",
        }, new SqliteProvider());

        var error = await Assert.ThrowsAsync<InvalidOptionException>(() => migrator.StatusAsync());

        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("App.migrations.20260101000001_a.sql", "migrations", "20260101000001_a.sql")]
    [InlineData("App.Db.migrations.20260101000001_a.sql", "Db/migrations", "20260101000001_a.sql")]
    [InlineData("App.db_migrations.20260101000001_a.sql", "db-migrations", "20260101000001_a.sql")]
    [InlineData("migrations/20260101000001_a.sql", "migrations", "20260101000001_a.sql")]
    [InlineData("App.other.20260101000001_a.sql", "migrations", null)]
    [InlineData("App.migrations.old.20260101000001_a.sql", "migrations", null)]
    [InlineData("migrations/old/20260101000001_a.sql", "migrations", null)]
    [InlineData("App.migrations.readme.txt", "migrations", null)]
    public void A_resource_counts_when_it_sits_directly_in_the_folder(string resource, string folder, string? expected) =>
        Assert.Equal(expected, MigrationResources.FileIn(resource, folder));

    [Fact]
    public async Task A_relative_folder_is_resolved_against_the_application_base_directory_not_the_working_directory()
    {
        var relative = "migrations-" + Guid.NewGuid().ToString("N");
        var beside = Path.Combine(AppContext.BaseDirectory, relative);
        Directory.CreateDirectory(beside);
        await File.WriteAllTextAsync(Path.Combine(beside, "20260101000001_create_a.sql"), "-- cutover:up\nCREATE TABLE a (id INTEGER);\n-- cutover:down\nDROP TABLE a;\n");
        try
        {
            // The working directory is shared by every test running in parallel, so it is left alone: the folder is
            // compared as the absolute path under the base directory, which a working-directory lookup would not give.
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddCutover(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = relative }, new SqliteProvider());
            using var host = builder.Build();
            var migrator = host.Services.GetRequiredService<Migrator>();

            var status = await migrator.StatusAsync();

            Assert.Equal(beside, migrator.Options.MigrationsFolder);
            Assert.Equal(MigrationState.Pending, status.Migrations.Single().State);
        }
        finally
        {
            Directory.Delete(beside, recursive: true);
        }
    }
}
