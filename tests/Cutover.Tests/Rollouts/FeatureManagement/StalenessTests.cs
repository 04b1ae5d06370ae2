using System.Data.Common;
using Cutover.Rollouts;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>
/// While the database cannot be read, the last rollout answer is kept for MaxStaleness; after that, requests go to the old
/// shape while the window is open, and stay on the new one for a completed migration.
/// </summary>
public sealed class StalenessTests : IDisposable
{
    private const string Split = "20260101000002";
    private readonly MigrationsFolder _files = new();

    [Fact]
    public async Task An_unreadable_database_keeps_the_last_answer_for_max_staleness_then_sends_everyone_to_the_old_shape()
    {
        var (migrator, provider) = await ExpandedAsync();
        await migrator.RolloutAsync(Split, new RolloutChange { Users = ["ada"] });
        await using var app = new RolloutApp(migrator.Options, provider, Split, cs => new SqliteConnection(cs));
        Assert.True(await app.IsNewAsync(Split, "ada"));

        provider.Down = true;
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await app.IsNewAsync(Split, "ada")); // kept: 2 s old
        var reads = provider.FailedOpens;
        Assert.True(await app.IsNewAsync(Split, "ada"));
        Assert.Equal(reads, provider.FailedOpens); // a failed read is not tried again before the next interval
        Assert.Contains(app.Log.Warnings, w => w.Contains("could not be read", StringComparison.Ordinal) && w.Contains("database down", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await app.IsNewAsync(Split, "ada")); // 11 s > MaxStaleness of 10 s: old shape
        Assert.Contains(app.Log.Errors, e => e.Contains("sending everyone to the old shape", StringComparison.Ordinal));

        provider.Down = false;
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await app.IsNewAsync(Split, "ada")); // readable again: the rollout is back
    }

    [Fact]
    public async Task A_completed_migration_stays_on_the_new_shape_while_the_database_cannot_be_read()
    {
        var (migrator, provider) = await ExpandedAsync();
        Assert.True((await migrator.VerifyAsync(Split)).Clean);
        await migrator.CompleteAsync(Split);
        await using var app = new RolloutApp(migrator.Options, provider, Split, cs => new SqliteConnection(cs));
        Assert.True(await app.IsNewAsync(Split, "bob"));

        provider.Down = true;
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await app.IsNewAsync(Split, "bob"));
        Assert.Contains(app.Log.Errors, e => e.Contains("keeping the new shape", StringComparison.Ordinal));
    }

    private async Task<(Migrator Migrator, SwitchableProvider Provider)> ExpandedAsync()
    {
        _files.Write("20260101000001", "users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text);
            INSERT INTO users (id, name, bio) VALUES (1, 'ada', 'maths');
            -- cutover:down
            DROP TABLE users;
            """);
        _files.Write(Split, "split", "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
        var migrator = new Migrator(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder, RolloutSoak = TimeSpan.Zero }, new SqliteProvider());
        await migrator.UpAsync();
        // Only the application's reads go through the switch; the test's own migrator keeps working.
        return (migrator, new SwitchableProvider(new SqliteProvider()));
    }

    /// <summary>The real SQLite provider, whose connections can be made to fail as an unreachable server's do.</summary>
    private sealed class SwitchableProvider(IDatabaseProvider inner) : DelegatingProvider(inner)
    {
        private int _failedOpens;

        public bool Down { get; set; }

        public int FailedOpens => Volatile.Read(ref _failedOpens);

        public override Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken)
        {
            if (!Down)
                return base.OpenAsync(connectionString, forReading, cancellationToken);
            Interlocked.Increment(ref _failedOpens);
            throw new ConnectionFailedException("test.db", "database down");
        }
    }

    public void Dispose() => _files.Dispose();
}
