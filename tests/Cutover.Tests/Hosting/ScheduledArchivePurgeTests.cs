using Cutover.Hosting;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Tests.Hosting;

/// <summary>The background worker drops the archive tables whose retention window has passed, on a schedule, and logs what it dropped.</summary>
public sealed class ScheduledArchivePurgeTests : IDisposable
{
    private const string Expired = "20260101000002"; // completed with no retention: its archive has expired
    private const string Kept = "20260101000003"; // completed with a week's retention: its archive stays

    private readonly MigrationsFolder _files = new();
    private readonly string _db = SqliteFiles.NewDatabase();

    public ScheduledArchivePurgeTests()
    {
        _files.Write("20260101000001", "tables", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, legacy text);
            CREATE TABLE orders (id integer PRIMARY KEY, note text);
            INSERT INTO users (id, legacy) VALUES (1, 'a');
            INSERT INTO orders (id, note) VALUES (1, 'first');
            -- cutover:down
            DROP TABLE orders;
            DROP TABLE users;
            """);
        _files.Write(Expired, "drop_legacy", "-- cutover:op drop-column users.legacy\n");
        _files.Write(Kept, "drop_note", "-- cutover:op drop-column orders.note\n");
    }

    private CutoverOptions Options(TimeSpan retention) => new() { ConnectionString = _db, MigrationsFolder = _files.Folder, ArchiveRetention = retention };

    private async Task<Migrator> PrepareAsync()
    {
        var migrator = new Migrator(Options(TimeSpan.FromDays(7)), new SqliteProvider());
        await migrator.UpAsync();
        await new Migrator(Options(TimeSpan.Zero), new SqliteProvider()).CompleteAsync(Expired);
        await migrator.CompleteAsync(Kept);
        return migrator;
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, what());
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_worker_purges_the_expired_archives_on_its_schedule_logs_what_it_dropped_and_keeps_the_others()
    {
        var migrator = await PrepareAsync();
        var logger = new RecordingLogger<BackfillWorkerService>();
        using var worker = new BackfillWorkerService(migrator, logger, new BackfillWorkerOptions { PurgeArchivesEvery = TimeSpan.FromMilliseconds(200) });

        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(async () => (await migrator.ArchivesAsync()).All(a => a.MigrationId != Expired), () => "the worker did not purge the expired archive");
        // Another round or two: the schedule repeats, and finds nothing more to drop.
        await Task.Delay(600);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(Kept, Assert.Single(await migrator.ArchivesAsync()).MigrationId);
        Assert.Single((await migrator.HistoryAsync(1000)).Where(e => e.Action == "purge"), e => e.MigrationId == Expired);
        var logged = Assert.Single(logger.Entries, e => e.Message.Contains("purged", StringComparison.Ordinal));
        Assert.Contains($"Cutover purged the archives of {Expired}", logged.Message, StringComparison.Ordinal);
        Assert.Contains("cutover_archive_20260101000002_users", logged.Message, StringComparison.Ordinal);
        Assert.Empty(logger.Errors);
    }

    [Fact]
    public async Task A_failed_round_is_logged_and_the_schedule_goes_on()
    {
        await PrepareAsync();
        // Another runner holds the migration lock longer than the worker waits: every round fails until it lets go.
        var migrator = new Migrator(Options(TimeSpan.FromDays(7)) with { LockWait = TimeSpan.FromMilliseconds(100) }, new SqliteProvider());
        var logger = new RecordingLogger<BackfillWorkerService>();
        using var worker = new BackfillWorkerService(migrator, logger, new BackfillWorkerOptions { PurgeArchivesEvery = TimeSpan.FromMilliseconds(100) });
        var provider = new SqliteProvider();
        var holder = await provider.OpenAsync(_db, forReading: false, CancellationToken.None);
        var held = await provider.AcquireMigrationLockAsync(holder, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None);

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await WaitForAsync(() => Task.FromResult(logger.Errors.Count(e => e.StartsWith("Cutover scheduled archive purge: ", StringComparison.Ordinal)) >= 2),
                () => "the worker did not log two failed purge rounds: " + string.Join(" / ", logger.Entries.Select(e => $"{e.Level}: {e.Message}")));
            Assert.Contains(Expired, (await migrator.ArchivesAsync()).Select(a => a.MigrationId));
        }
        finally
        {
            await held.DisposeAsync();
            await holder.DisposeAsync();
        }
        await WaitForAsync(async () => (await migrator.ArchivesAsync()).All(a => a.MigrationId != Expired), () => "the schedule did not go on after the failed rounds");
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_worker_does_not_purge_unless_asked_and_a_schedule_must_be_positive()
    {
        Assert.Null(new BackfillWorkerOptions().PurgeArchivesEvery);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddCutoverBackfillWorker(new BackfillWorkerOptions { PurgeArchivesEvery = TimeSpan.Zero }));
        var migrator = await PrepareAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCutover(Options(TimeSpan.FromDays(7)), new SqliteProvider()).AddCutoverBackfillWorker(new BackfillWorkerOptions { VerifyEvery = TimeSpan.FromMilliseconds(100) });
        using var host = builder.Build();

        await host.StartAsync();
        await Task.Delay(800);
        await host.StopAsync();

        Assert.Equal([Expired, Kept], (await migrator.ArchivesAsync()).Select(a => a.MigrationId));
        Assert.DoesNotContain(await migrator.HistoryAsync(1000), e => e.Action == "purge");
    }

    public void Dispose() => _files.Dispose();
}
