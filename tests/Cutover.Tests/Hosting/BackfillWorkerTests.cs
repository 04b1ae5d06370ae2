using Cutover.Backfill;
using Cutover.Hosting;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Tests.Hosting;

public sealed class BackfillWorkerTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public async Task The_hosted_worker_finishes_a_deferred_backfill_and_the_rest_of_its_migration()
    {
        var db = SqliteFiles.NewDatabase();
        _files.Write("20260101000001", "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE {batch};
            -- cutover:up
            CREATE INDEX users_role ON users (role);
            """);
        var options = new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder };
        await new Migrator(options, new SqliteProvider()).UpAsync(new UpOptions { DeferBackfills = true });
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(options, new SqliteProvider()).AddCutoverBackfillWorker();
        using var host = builder.Build();

        await host.StartAsync();
        var migrator = host.Services.GetRequiredService<Migrator>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await migrator.StatusAsync()).Migrations.Single().State != MigrationState.Applied)
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not finish the migration");
            await Task.Delay(50);
        }
        await host.StopAsync();

        var backfill = Assert.Single(await migrator.BackfillStatusAsync());
        Assert.Equal((BackfillStates.Done, 3L, 2L), (backfill.State, backfill.RowsChanged, backfill.Batches));
    }

    public void Dispose() => _files.Dispose();
}
