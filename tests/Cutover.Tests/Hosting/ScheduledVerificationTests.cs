using Cutover.Hosting;
using Cutover.Operations;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Tests.Hosting;

/// <summary>The background worker verifies the migrations whose operations are expanded on a schedule, and stores each result.</summary>
public sealed class ScheduledVerificationTests : IDisposable
{
    private const string Retyped = "20260101000002"; // expanded: the worker verifies it
    private const string Completed = "20260101000003"; // completed: the worker leaves it alone

    private readonly MigrationsFolder _files = new();
    private readonly CutoverOptions _options;

    public ScheduledVerificationTests()
    {
        _files.Write("20260101000001", "tables", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, nickname text);
            CREATE TABLE orders (id integer PRIMARY KEY, note text);
            INSERT INTO users (id, nickname) VALUES (1, 'ada'), (2, 'alan'), (3, NULL);
            INSERT INTO orders (id, note) VALUES (1, 'first'), (2, 'second');
            -- cutover:down
            DROP TABLE orders;
            DROP TABLE users;
            """);
        _files.Write(Retyped, "retype_nickname", """
            -- cutover:op alter-column users.nickname type varchar(40) up "upper(nickname)" down "lower(nickname)"
            """);
        _files.Write(Completed, "retype_note", """
            -- cutover:op alter-column orders.note type varchar(40) up "upper(note)" down "lower(note)"
            """);
        _options = new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder };
    }

    /// <summary>Both migrations expanded, the second verified and completed by hand.</summary>
    private async Task<Migrator> PrepareAsync()
    {
        var migrator = new Migrator(_options, new SqliteProvider());
        await migrator.UpAsync();
        await migrator.VerifyAsync(Completed);
        await migrator.CompleteAsync(Completed);
        return migrator;
    }

    private async Task<IReadOnlyList<History.AuditEntry>> VerificationsAsync(Migrator migrator, string id) =>
        (await migrator.HistoryAsync(1000)).Where(e => e.Action == "verify" && e.MigrationId == id).ToList();

    private async Task<OperationRecord> StoredAsync(string id)
    {
        await using var connection = await new SqliteProvider().OpenAsync(_options.ConnectionString, forReading: true, CancellationToken.None);
        return (await OperationTable.ReadAllAsync(connection, CancellationToken.None)).Single(r => r.MigrationId == id);
    }

    [Fact]
    public async Task The_worker_verifies_an_expanded_migration_every_interval_stores_the_result_and_leaves_a_completed_one_alone()
    {
        var migrator = await PrepareAsync();
        Assert.Null((await StoredAsync(Retyped)).VerifiedAt);
        var completedVerifiedAt = (await StoredAsync(Completed)).VerifiedAt;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(_options, new SqliteProvider()).AddCutoverBackfillWorker(new BackfillWorkerOptions { VerifyEvery = TimeSpan.FromMilliseconds(200) });
        using var host = builder.Build();

        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Two rounds at least: the schedule repeats, it does not verify once and stop.
        while ((await VerificationsAsync(migrator, Retyped)).Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not verify the expanded migration twice");
            await Task.Delay(50);
        }
        await host.StopAsync();

        var stored = await StoredAsync(Retyped);
        Assert.NotNull(stored.VerifiedAt);
        Assert.Equal((3L, 0L), (stored.VerifyRows, stored.VerifyMismatches));
        Assert.All(await VerificationsAsync(migrator, Retyped), e => Assert.Equal(("clean", "3 row(s) compared, 0 mismatching"), (e.Outcome, e.Detail)));
        Assert.Single(await VerificationsAsync(migrator, Completed)); // the one by hand, before complete
        Assert.Equal(completedVerifiedAt, (await StoredAsync(Completed)).VerifiedAt);
        // The stored result is what complete asks for: no verification by hand needed.
        await migrator.CompleteAsync(Retyped);
    }

    [Fact]
    public async Task The_worker_does_not_verify_unless_asked()
    {
        Assert.Null(new BackfillWorkerOptions().VerifyEvery);
        var migrator = await PrepareAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(_options, new SqliteProvider()).AddCutoverBackfillWorker();
        using var host = builder.Build();

        await host.StartAsync();
        await Task.Delay(1000);
        await host.StopAsync();

        Assert.Empty(await VerificationsAsync(migrator, Retyped));
        Assert.Null((await StoredAsync(Retyped)).VerifiedAt);
    }

    [Fact]
    public async Task VerifyExpandedAsync_verifies_only_the_expanded_migrations()
    {
        var migrator = await PrepareAsync();

        var results = await migrator.VerifyExpandedAsync(new VerifyOptions { Repair = true });

        var result = Assert.Single(results);
        Assert.Equal((Retyped, 3L, 0L, 0L), (result.MigrationId, result.Rows, result.Mismatches, result.Repaired));
        Assert.Equal("clean", Assert.Single(await VerificationsAsync(migrator, Retyped)).Outcome); // stored as a verification, never as a repair
    }

    [Fact]
    public void A_schedule_that_is_not_positive_is_refused()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddCutoverBackfillWorker(new BackfillWorkerOptions { VerifyEvery = TimeSpan.Zero }));
    }

    public void Dispose() => _files.Dispose();
}
