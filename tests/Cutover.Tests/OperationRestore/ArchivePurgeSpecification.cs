using System.Data.Common;
using Cutover.Operations;
using Cutover.Running;
using Cutover.Tests.Specification;

namespace Cutover.Tests.OperationRestore;

/// <summary>
/// The retention window of complete's archive tables is enforced: a purge drops the archives of completed migrations whose
/// window has passed (one transaction each, logged, under the migration lock) and never touches one still inside it.
/// </summary>
public abstract class ArchivePurgeSpecification : IDisposable
{
    private const string Users = "20260101000001";
    private const string DropLegacy = "20260101000002";

    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private Migrator NewMigrator(string connection, TimeSpan retention, TimeSpan? lockWait = null) => new(new CutoverOptions
    {
        ConnectionString = connection,
        MigrationsFolder = Files.Folder,
        ArchiveRetention = retention,
        LockWait = lockWait ?? TimeSpan.FromSeconds(60),
    }, Provider);

    private Task<List<string>> RowsAsync(string connection, string sql) => Infrastructure.QueryRows.ReadAsync(Provider, connection, sql);

    /// <summary>Whether the archive table answers a query (Cutover's own tables are left out of the schema model).</summary>
    private async Task<bool> TableAnswersAsync(string connection, string table)
    {
        try
        {
            await RowsAsync(connection, $"SELECT count(*) FROM {table}");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    private void WriteUsersAndDropLegacy()
    {
        Files.Write(Users, "users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, legacy text);
            INSERT INTO users (id, name, legacy) VALUES (1, 'Ada Lovelace', 'a'), (2, 'Alan Turing', 'b');
            -- cutover:down
            DROP TABLE users;
            """);
        Files.Write(DropLegacy, "drop_legacy", "-- cutover:op drop-column users.legacy\n");
    }

    /// <summary>users.legacy dropped by a completed operation, its archive kept for <paramref name="retention"/>.</summary>
    private async Task<(string Db, Migrator Migrator, string Archive)> CompletedAsync(TimeSpan retention)
    {
        var db = await NewDatabaseAsync();
        WriteUsersAndDropLegacy();
        var migrator = NewMigrator(db, retention);
        await migrator.UpAsync();
        await migrator.CompleteAsync(DropLegacy);
        var archive = Assert.Single(Assert.Single(await migrator.ArchivesAsync()).Tables);
        Assert.True(await TableAnswersAsync(db, archive));
        return (db, migrator, archive);
    }

    private static async Task<List<History.AuditEntry>> PurgeEntriesAsync(Migrator migrator) =>
        (await migrator.HistoryAsync(1000)).Where(e => e.Action == "purge").ToList();

    private async Task<OperationRecord> StoredAsync(string db, string id)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: true, CancellationToken.None);
        return (await OperationTable.ReadAllAsync(connection, CancellationToken.None)).Single(r => r.MigrationId == id);
    }

    [Fact]
    public async Task An_expired_archive_is_listed_as_expired_then_dropped_logged_and_forgotten_and_down_stays_refused()
    {
        var (db, migrator, archive) = await CompletedAsync(TimeSpan.Zero);
        var listed = Assert.Single(await migrator.ArchivesAsync());
        Assert.Equal((DropLegacy, "drop_legacy", true), (listed.MigrationId, listed.Name, listed.Expired));
        Assert.True(listed.RetainUntil >= listed.CompletedAt);

        var purged = Assert.Single(await migrator.PurgeArchivesAsync());

        Assert.Equal(DropLegacy, purged.MigrationId);
        Assert.Equal([archive], purged.Tables);
        Assert.Equal(listed.RetainUntil, purged.RetainedUntil);
        Assert.False(await TableAnswersAsync(db, archive));
        Assert.Empty(await migrator.ArchivesAsync());
        Assert.Empty((await StoredAsync(db, DropLegacy)).Phases.Archives);
        var entry = Assert.Single(await PurgeEntriesAsync(migrator));
        Assert.Equal((DropLegacy, "ok"), (entry.MigrationId, entry.Outcome));
        Assert.Contains(archive, entry.Detail, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.DownAsync(new DownOptions { AcceptDataLoss = true }));
        Assert.Equal(MigrationConflict.Irreversible, refused.Conflict);
        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == DropLegacy).Phase);
        Assert.Equal(["1|Ada Lovelace", "2|Alan Turing"], await RowsAsync(db, "SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task An_archive_inside_its_window_is_kept_by_a_purge_and_down_still_restores_from_it()
    {
        var (db, migrator, archive) = await CompletedAsync(TimeSpan.FromDays(7));
        Assert.False(Assert.Single(await migrator.ArchivesAsync()).Expired);

        Assert.Empty(await migrator.PurgeArchivesAsync());

        Assert.True(await TableAnswersAsync(db, archive));
        Assert.Equal([archive], (await StoredAsync(db, DropLegacy)).Phases.Archives);
        Assert.Empty(await PurgeEntriesAsync(migrator));
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
        Assert.Equal(["1|a", "2|b"], await RowsAsync(db, "SELECT id, legacy FROM users ORDER BY id"));
        Assert.Empty(await migrator.ArchivesAsync());
    }

    [Fact]
    public async Task A_second_purge_drops_nothing_and_logs_nothing()
    {
        var (_, migrator, _) = await CompletedAsync(TimeSpan.Zero);
        Assert.Single(await migrator.PurgeArchivesAsync());

        Assert.Empty(await migrator.PurgeArchivesAsync());

        Assert.Single(await PurgeEntriesAsync(migrator));
    }

    [Fact]
    public async Task Only_the_expired_migration_is_purged_when_another_is_inside_its_window()
    {
        var db = await NewDatabaseAsync();
        WriteUsersAndDropLegacy();
        Files.Write("20260101000003", "logs", """
            -- cutover:up
            CREATE TABLE audit_logs (id integer PRIMARY KEY, line text);
            CREATE INDEX audit_logs_line ON audit_logs (line);
            INSERT INTO audit_logs (id, line) VALUES (1, 'signed in');
            -- cutover:down
            DROP TABLE audit_logs;
            """);
        Files.Write("20260101000004", "drop_logs", "-- cutover:op drop-table audit_logs\n");
        // The users archive expires at once; the dropped table (renamed to its archive, with its index) is kept a week.
        await NewMigrator(db, TimeSpan.FromDays(7)).UpAsync();
        await NewMigrator(db, TimeSpan.Zero).CompleteAsync(DropLegacy);
        var migrator = NewMigrator(db, TimeSpan.FromDays(7));
        await migrator.CompleteAsync("20260101000004");
        var listed = await migrator.ArchivesAsync();
        Assert.Equal([(DropLegacy, true), ("20260101000004", false)], listed.Select(a => (a.MigrationId, a.Expired)));

        var purged = Assert.Single(await migrator.PurgeArchivesAsync());

        Assert.Equal(DropLegacy, purged.MigrationId);
        var kept = Assert.Single(await migrator.ArchivesAsync());
        Assert.Equal("20260101000004", kept.MigrationId);
        Assert.Equal(["1|signed in"], await RowsAsync(db, $"SELECT id, line FROM {Assert.Single(kept.Tables)}"));
        // The newest migration is still inside its window: down brings the table back from its archive.
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
        Assert.Equal(["1|signed in"], await RowsAsync(db, "SELECT id, line FROM audit_logs"));
    }

    [Fact]
    public async Task A_purge_waits_for_the_migration_lock_and_drops_nothing_when_it_is_not_obtained()
    {
        var (db, _, archive) = await CompletedAsync(TimeSpan.Zero);
        await using var holder = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using (await Provider.AcquireMigrationLockAsync(holder, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None))
        {
            await Assert.ThrowsAsync<LockTimeoutException>(() => NewMigrator(db, TimeSpan.Zero, lockWait: TimeSpan.FromMilliseconds(300)).PurgeArchivesAsync());
            Assert.True(await TableAnswersAsync(db, archive));
        }

        Assert.Single(await NewMigrator(db, TimeSpan.Zero).PurgeArchivesAsync());
        Assert.False(await TableAnswersAsync(db, archive));
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
