using Cutover.Hosting;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cutover.Tests.Hosting;

/// <summary><c>AddCutover(configuration section)</c> and <c>AddCutover(Func)</c>: options bound, resolved and checked as the host starts.</summary>
public sealed class ConfigurationBindingTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public async Task Options_are_bound_from_a_configuration_section_and_the_host_migrates_with_them()
    {
        var db = SqliteFiles.NewDatabase();
        _files.WriteTable("20260101000001", "a");
        var builder = Builder(new()
        {
            ["Cutover:ConnectionString"] = db,
            ["Cutover:MigrationsFolder"] = _files.Folder,
            ["Cutover:LockWait"] = "00:00:05",
            ["Cutover:Backfill:MaxBatch"] = "5000",
            ["Cutover:Backfill:LockRetry:Attempts"] = "3",
            ["Cutover:Schemas:0"] = "app",
            ["Cutover:AppliedBy"] = "deployer",
        });
        builder.Services.AddCutover(builder.Configuration.GetSection("Cutover"), new SqliteProvider(), migrateOnStart: true);
        using var host = builder.Build();

        await host.StartAsync();
        var migrator = host.Services.GetRequiredService<Migrator>();
        var status = await migrator.StatusAsync();
        await host.StopAsync();

        Assert.Equal(MigrationState.Applied, status.Migrations.Single().State);
        var options = migrator.Options;
        Assert.Equal(TimeSpan.FromSeconds(5), options.LockWait);
        Assert.Equal(5000, options.Backfill.MaxBatch);
        Assert.Equal(3, options.Backfill.LockRetry.Attempts);
        Assert.Equal(["app"], options.Schemas);
        Assert.Equal("deployer", options.AppliedBy);
        // Keys left out keep the defaults of CutoverOptions, not the binder's zeros.
        Assert.Equal(new CutoverOptions { ConnectionString = db }.ArchiveRetention, options.ArchiveRetention);
        Assert.Equal(100, options.Backfill.MinBatch);
    }

    [Theory]
    [InlineData("Cutover:LockWait", "-00:00:01", "Cutover:LockWait (-1000 ms) must not be negative")]
    [InlineData("Cutover:Backfill:MinBatch", "0", "Cutover:Backfill:MinBatch (0) must be at least 1")]
    [InlineData("Cutover:LockWait", "soon", "Cutover:LockWait")]
    [InlineData("Cutover:LockWiat", "00:00:05", "LockWiat")]
    public async Task A_bad_key_stops_the_host_at_start_with_one_message_naming_it(string key, string value, string expected)
    {
        var builder = Builder(new() { ["Cutover:ConnectionString"] = SqliteFiles.NewDatabase(), ["Cutover:MigrationsFolder"] = _files.Folder, [key] = value });
        builder.Services.AddCutover(builder.Configuration.GetSection("Cutover"), new SqliteProvider());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task A_missing_connection_string_is_named_by_its_key()
    {
        var builder = Builder(new() { ["Cutover:MigrationsFolder"] = _files.Folder });
        builder.Services.AddCutover(builder.Configuration.GetSection("Cutover"), new SqliteProvider());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Cutover:ConnectionString is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_built_from_services_are_checked_at_start_and_named_as_code()
    {
        var builder = Builder([]);
        builder.Services.AddSingleton(new ConnectionHolder(SqliteFiles.NewDatabase()));
        builder.Services.AddCutover(sp => new CutoverOptions
        {
            ConnectionString = sp.GetRequiredService<ConnectionHolder>().Connection,
            MigrationsFolder = _files.Folder,
            Backfill = new() { MinBatch = 10, MaxBatch = 5, InitialBatch = 5 },
        }, new SqliteProvider());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("CutoverOptions.Backfill.MaxBatch (5) is below", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_built_from_services_reach_the_migrator()
    {
        var db = SqliteFiles.NewDatabase();
        _files.WriteTable("20260101000001", "a");
        var builder = Builder([]);
        builder.Services.AddSingleton(new ConnectionHolder(db));
        builder.Services.AddCutover(sp => new CutoverOptions { ConnectionString = sp.GetRequiredService<ConnectionHolder>().Connection, MigrationsFolder = _files.Folder },
            new SqliteProvider(), migrateOnStart: true);
        using var host = builder.Build();

        await host.StartAsync();
        var status = await host.Services.GetRequiredService<Migrator>().StatusAsync();
        await host.StopAsync();

        Assert.Equal(MigrationState.Applied, status.Migrations.Single().State);
    }

    public void Dispose() => _files.Dispose();

    private sealed record ConnectionHolder(string Connection);
}
