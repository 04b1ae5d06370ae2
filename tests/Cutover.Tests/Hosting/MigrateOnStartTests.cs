using Cutover.Hosting;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Tests.Hosting;

public sealed class MigrateOnStartTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public async Task The_host_applies_pending_migrations_as_it_starts_and_the_migrator_is_injectable()
    {
        var db = SqliteFiles.NewDatabase();
        _files.WriteTable("20260101000001", "a");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder }, new SqliteProvider(), migrateOnStart: true);
        using var host = builder.Build();

        await host.StartAsync();
        var status = await host.Services.GetRequiredService<Migrator>().StatusAsync();
        await host.StopAsync();

        Assert.Equal(MigrationState.Applied, status.Migrations.Single().State);
        await using var connection = new SqliteConnection(db);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM a";
        Assert.Equal("first", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_failing_migration_stops_the_host_from_starting()
    {
        var db = SqliteFiles.NewDatabase();
        _files.Write("20260101000001", "broken", "-- cutover:up\nINSERT INTO missing VALUES (1);\n");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder }, new SqliteProvider(), migrateOnStart: true);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => host.StartAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Contains("20260101000001_broken.sql:2:", error.Message);
    }

    public void Dispose() => _files.Dispose();
}
