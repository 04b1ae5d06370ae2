using Cutover.Rollouts;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Rollouts;

/// <summary>
/// The rollout of an expanded operation migration lives in the database: each change is stored and logged, is refused
/// for a migration with nothing expanded, and goes with the migration's operations at complete or abort.
/// </summary>
public abstract class RolloutSpecification : IDisposable
{
    private const string Split = "20260101000002";
    private readonly MigrationsFolder _files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private async Task<Migrator> ExpandedAsync(string db, TimeSpan? soak = null)
    {
        _files.Write("20260101000001", "users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text);
            INSERT INTO users (id, name, bio) VALUES (1, 'Ada', 'maths');
            -- cutover:down
            DROP TABLE users;
            """);
        _files.Write(Split, "split", "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
        var migrator = new Migrator(new CutoverOptions
        {
            ConnectionString = db, MigrationsFolder = _files.Folder, AppliedBy = "rollout-test", RolloutSoak = soak ?? TimeSpan.FromHours(1),
        }, Provider);
        await migrator.UpAsync();
        return migrator;
    }

    [Fact]
    public async Task A_rollout_is_stored_changed_part_by_part_and_logged_and_reaching_100_starts_the_soak_clock()
    {
        var migrator = await ExpandedAsync(await NewDatabaseAsync());

        var first = await migrator.RolloutAsync(Split, new RolloutChange { Percent = 10, Users = ["ada"], Groups = [new RolloutGroup("beta", 100)] });
        var widened = await migrator.RolloutAsync(Split, new RolloutChange { Percent = 50 });
        var full = await migrator.RolloutAsync(Split, new RolloutChange { Percent = 100 });
        var again = await migrator.RolloutAsync(Split, new RolloutChange { Users = [] });

        Assert.Equal((10, (string?)null), (first.Percent, first.FullSince?.ToString()));
        Assert.Equal(["ada"], widened.Users);
        Assert.Equal([new RolloutGroup("beta", 100)], widened.Groups);
        Assert.NotNull(full.FullSince);
        Assert.Equal(full.FullSince, again.FullSince);
        var stored = Assert.Single(await migrator.RolloutsAsync());
        Assert.Equal(("cutover:" + Split, 100, 0, 1, "rollout-test"), (stored.Flag, stored.Percent, stored.Users.Count, stored.Groups.Count, stored.UpdatedBy));
        var log = (await migrator.HistoryAsync(20)).Where(e => e.Action == "rollout").Select(e => e.Detail).Reverse().ToList();
        Assert.Equal(["none -> 10%, users ada, groups beta=100%", "10%, users ada, groups beta=100% -> 50%, users ada, groups beta=100%",
            "50%, users ada, groups beta=100% -> 100%, users ada, groups beta=100%", "100%, users ada, groups beta=100% -> 100%, groups beta=100%"], log);

        // Back below 100 stops the soak clock.
        Assert.Null((await migrator.RolloutAsync(Split, new RolloutChange { Percent = 0 })).FullSince);
        var status = (await migrator.StatusAsync()).Migrations;
        Assert.Equal(0, status.Single(m => m.Id == Split).Rollout?.Percent);
        Assert.Null(status.Single(m => m.Id == "20260101000001").Rollout);
    }

    [Fact]
    public async Task A_bad_rollout_is_refused_and_writes_nothing()
    {
        var migrator = await ExpandedAsync(await NewDatabaseAsync());

        Assert.Contains("must be 0 to 100", (await Assert.ThrowsAsync<InvalidOptionException>(() => migrator.RolloutAsync(Split, new RolloutChange { Percent = 101 }))).Message, StringComparison.Ordinal);
        Assert.Contains("says nothing to change", (await Assert.ThrowsAsync<InvalidOptionException>(() => migrator.RolloutAsync(Split, new RolloutChange()))).Message, StringComparison.Ordinal);
        Assert.Contains("no migration has this id", (await Assert.ThrowsAsync<InvalidOptionException>(() => migrator.RolloutAsync("20990101000000", new RolloutChange { Percent = 5 }))).Message, StringComparison.Ordinal);
        var plain = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.RolloutAsync("20260101000001", new RolloutChange { Percent = 5 }));
        Assert.Equal(MigrationConflict.OperationPhase, plain.Conflict);

        Assert.Empty(await migrator.RolloutsAsync());
        Assert.DoesNotContain(await migrator.HistoryAsync(50), e => e.Action == "rollout");
    }

    [Fact]
    public async Task Complete_waits_for_the_rollout_to_soak_at_100_percent_unless_forced_with_a_reason()
    {
        var migrator = await ExpandedAsync(await NewDatabaseAsync());
        Assert.True((await migrator.VerifyAsync(Split)).Clean);

        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 50 });
        var partial = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(Split));
        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 100 });
        var soaking = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(Split));

        Assert.Equal((MigrationConflict.RolloutNotDone, MigrationConflict.RolloutNotDone), (partial.Conflict, soaking.Conflict));
        Assert.Contains("its rollout is at 50%, not 100%", partial.Message, StringComparison.Ordinal);
        Assert.Contains("less than the soak of 60 minute(s)", soaking.Message, StringComparison.Ordinal);
        Assert.Equal("expanded", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == Split).Phase);

        await migrator.CompleteAsync(Split, new global::Cutover.Operations.CompleteOptions { Force = true, Reason = "soaked on staging" });
        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == Split).Phase);
    }

    [Fact]
    public async Task Abort_waits_for_the_rollout_to_be_back_at_0_unless_forced_with_a_reason_which_is_logged()
    {
        var migrator = await ExpandedAsync(await NewDatabaseAsync());
        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 0, Users = ["ada"] });

        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.AbortAsync(Split));
        Assert.Equal(MigrationConflict.RolloutNotDone, refused.Conflict);
        Assert.Contains("still sends users to the new shape (0%, 1 user(s))", refused.Message, StringComparison.Ordinal);
        Assert.Equal("expanded", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == Split).Phase);

        await migrator.AbortAsync(Split, new global::Cutover.Operations.AbortOptions { Force = true, Reason = "the new page is broken" });

        Assert.Null((await migrator.StatusAsync()).Migrations.Single(m => m.Id == Split).Phase);
        Assert.Contains(await migrator.HistoryAsync(20), e => e.Action == "abort" && e.Outcome == "forced" && e.Detail == "the new page is broken");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Complete_after_the_soak_or_abort_at_0_ends_the_rollout(bool complete)
    {
        var migrator = await ExpandedAsync(await NewDatabaseAsync(), soak: TimeSpan.Zero);
        await migrator.RolloutAsync(Split, new RolloutChange { Percent = complete ? 100 : 0 });

        if (complete)
        {
            Assert.True((await migrator.VerifyAsync(Split)).Clean);
            await migrator.CompleteAsync(Split);
        }
        else
        {
            await migrator.AbortAsync(Split);
        }

        Assert.Empty(await migrator.RolloutsAsync());
        Assert.Equal(MigrationConflict.OperationPhase,
            (await Assert.ThrowsAsync<MigrationStateException>(() => migrator.RolloutAsync(Split, new RolloutChange { Percent = 5 }))).Conflict);
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
