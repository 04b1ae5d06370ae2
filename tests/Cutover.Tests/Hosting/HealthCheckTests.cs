using Cutover.Hosting;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cutover.Tests.Hosting;

/// <summary><c>AddHealthChecks().AddCutover()</c> against real SQLite databases, through the health check service an application runs.</summary>
public sealed class HealthCheckTests : IDisposable
{
    private readonly MigrationsFolder _files = new();
    private readonly string _db = SqliteFiles.NewDatabase();

    private CutoverOptions Options => new() { ConnectionString = _db, MigrationsFolder = _files.Folder };

    private async Task<HealthReportEntry> CheckAsync(CutoverHealthCheckOptions? options = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCutover(Options, new SqliteProvider());
        services.AddHealthChecks().AddCutover(options);
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["cutover"];
    }

    private static IReadOnlyList<string> Items(HealthReportEntry entry, string key) => (IReadOnlyList<string>)entry.Data[key];

    [Fact]
    public async Task A_database_up_to_date_is_healthy()
    {
        _files.WriteTable("20260101000001", "a");
        await new Migrator(Options, new SqliteProvider()).UpAsync();

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Empty(Items(entry, "pending"));
        Assert.Empty(Items(entry, "drift"));
        Assert.Equal(1, entry.Data["migrations"]);
    }

    [Fact]
    public async Task Pending_migrations_are_degraded_by_default_and_as_configured_otherwise()
    {
        _files.WriteTable("20260101000001", "a");

        var byDefault = await CheckAsync();
        var configured = await CheckAsync(new CutoverHealthCheckOptions { Pending = HealthStatus.Unhealthy });

        Assert.Equal(HealthStatus.Degraded, byDefault.Status);
        Assert.Equal(["20260101000001_create_a"], Items(byDefault, "pending"));
        Assert.Equal("1 pending migration(s)", byDefault.Description);
        Assert.Equal(HealthStatus.Unhealthy, configured.Status);
    }

    [Fact]
    public async Task A_failed_migration_is_unhealthy()
    {
        _files.Write("20260101000001", "broken", "-- cutover:up\nCREATE TABLE b (id integer);\n-- cutover:up no-transaction\nINSERT INTO missing VALUES (1);\n");
        await Assert.ThrowsAnyAsync<CutoverException>(() => new Migrator(Options, new SqliteProvider()).UpAsync());

        var entry = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(["20260101000001_broken"], Items(entry, "failed"));
    }

    [Fact]
    public async Task A_deferred_backfill_is_reported_with_the_status_configured_for_backfilling()
    {
        _files.Write("20260101000001", "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE {batch};
            """);
        await new Migrator(Options, new SqliteProvider()).UpAsync(new UpOptions { DeferBackfills = true });

        var byDefault = await CheckAsync();
        var configured = await CheckAsync(new CutoverHealthCheckOptions { Backfilling = HealthStatus.Degraded });

        Assert.Equal(HealthStatus.Healthy, byDefault.Status);
        Assert.StartsWith("20260101000001/2: queued", Assert.Single(Items(byDefault, "backfilling")), StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, configured.Status);
    }

    [Fact]
    public async Task An_operation_between_expand_and_complete_is_reported_in_its_window()
    {
        _files.Write("20260101000001", "items", "-- cutover:up\nCREATE TABLE items (id integer PRIMARY KEY, note text);\n-- cutover:down\nDROP TABLE items;\n");
        _files.Write("20260101000002", "rename_note", "-- cutover:op rename-column items.note to remark\n");
        await new Migrator(Options, new SqliteProvider()).UpAsync();

        var byDefault = await CheckAsync(new CutoverHealthCheckOptions { CheckDrift = false });
        var configured = await CheckAsync(new CutoverHealthCheckOptions { OperationInWindow = HealthStatus.Degraded, CheckDrift = false });

        Assert.Equal(HealthStatus.Healthy, byDefault.Status);
        Assert.Equal(["20260101000002_rename_note: expanded"], Items(byDefault, "operationsInWindow"));
        Assert.Equal(HealthStatus.Degraded, configured.Status);
    }

    [Fact]
    public async Task A_change_made_outside_migrations_is_drift()
    {
        _files.WriteTable("20260101000001", "a");
        await new Migrator(Options, new SqliteProvider()).UpAsync();
        await using (var connection = new SqliteConnection(_db))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE by_hand (id integer)";
            await command.ExecuteNonQueryAsync();
        }

        var entry = await CheckAsync();
        var unchecked_ = await CheckAsync(new CutoverHealthCheckOptions { CheckDrift = false });

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("by_hand", Assert.Single(Items(entry, "drift")), StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, unchecked_.Status);
    }

    [Fact]
    public async Task An_unreachable_database_reports_the_failure_status()
    {
        _files.WriteTable("20260101000001", "a");
        var services = new ServiceCollection().AddLogging();
        services.AddCutover(new CutoverOptions { ConnectionString = "Data Source=/nonexistent-dir/x.db;Mode=ReadOnly", MigrationsFolder = _files.Folder }, new SqliteProvider());
        services.AddHealthChecks().AddCutover(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries["cutover"].Status);
        Assert.NotNull(report.Entries["cutover"].Exception);
    }

    public void Dispose() => _files.Dispose();
}
