using System.Data.Common;
using Cutover.Rollouts;
using Cutover.FeatureManagement;
using Cutover.FeatureManagement.EntityFrameworkCore;
using Cutover.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>
/// Cutover.FeatureManagement on a real database: the flag <c>cutover:&lt;id&gt;</c> follows the migration's window and its
/// rollout with Microsoft.FeatureManagement's targeting, answers at most one refresh interval late, and a request's
/// connections have the shape its flag selects.
/// </summary>
public abstract class RolloutFlagSpecification : IDisposable
{
    private protected const string Split = "20260101000002";
    private readonly MigrationsFolder _files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private protected abstract DbConnection CreateConnection(string connectionString);

    private protected abstract DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options, string connectionString);

    /// <summary>
    /// Whether a write through the new shape's views reports the rows it changed, as EF Core's SaveChanges checks: SQLite
    /// does not count rows written by INSTEAD OF triggers (and refuses ExecuteUpdate's table alias on a view), so there the
    /// new shape is written with SQL (docs/rollout.md).
    /// </summary>
    private protected abstract bool TracksRowsWrittenThroughViews { get; }

    private protected Migrator NewMigrator(string db) => new(new CutoverOptions
    {
        ConnectionString = db, MigrationsFolder = _files.Folder, AppliedBy = "flag-test", RolloutSoak = TimeSpan.Zero,
    }, Provider);

    private protected async Task<(string Db, Migrator Migrator)> PendingAsync()
    {
        _files.Write("20260101000001", "users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text, bio text);
            INSERT INTO users (id, name, bio) VALUES (1, 'ada', 'maths'), (2, 'bob', 'builds');
            -- cutover:down
            DROP TABLE users;
            """);
        var db = await NewDatabaseAsync();
        var migrator = NewMigrator(db);
        await migrator.UpAsync(new Running.UpOptions { To = "20260101000001" });
        _files.Write(Split, "split", "-- cutover:op split-table users to user_profiles (bio) key user_id\n");
        return (db, migrator);
    }

    private protected RolloutApp NewApp(Migrator migrator, IReadOnlyDictionary<string, string?>? configuration = null, Action<IServiceCollection>? more = null) =>
        new(migrator.Options, Provider, Split, CreateConnection, configuration, more);

    [Fact]
    public async Task The_flag_follows_the_window_and_the_rollout_one_refresh_interval_late_at_most()
    {
        var (_, migrator) = await PendingAsync();
        await using var app = NewApp(migrator);

        Assert.False(await app.IsNewAsync(Split, "ada")); // pending: only the old shape exists
        await migrator.UpAsync();
        Assert.False(await app.IsNewAsync(Split, "ada")); // the answer read while pending is kept for the refresh interval
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await app.IsNewAsync(Split, "ada")); // expanded, no rollout: nobody

        await migrator.RolloutAsync(Split, new RolloutChange { Users = ["ada"], Groups = [new RolloutGroup("beta", 100)] });
        app.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(await app.IsNewAsync(Split, "ada"));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await app.IsNewAsync(Split, "ada"));
        Assert.True(await app.IsNewAsync(Split, "carol", "beta"));
        Assert.False(await app.IsNewAsync(Split, "bob", "staff"));

        // Back to nobody, with no DDL: every user is on the old shape at the next refresh.
        await migrator.RolloutAsync(Split, new RolloutChange { Users = [], Groups = [] });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await app.IsNewAsync(Split, "ada"));
        Assert.False(await app.IsNewAsync(Split, "carol", "beta"));

        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 100 });
        Assert.True((await migrator.VerifyAsync(Split)).Clean);
        await migrator.CompleteAsync(Split);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await app.IsNewAsync(Split, "ada")); // completed: the new shape is the only one
        Assert.True(await app.IsNewAsync(Split, "anyone"));
    }

    [Fact]
    public async Task A_percentage_holds_about_that_share_of_users_and_widening_it_keeps_everyone_already_in()
    {
        var (_, migrator) = await PendingAsync();
        await migrator.UpAsync();
        await using var app = NewApp(migrator);
        var users = Enumerable.Range(0, 2000).Select(i => $"user{i}").ToList();

        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 10 });
        var atTen = await InRolloutAsync(app, users);
        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 50 });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var atFifty = await InRolloutAsync(app, users);
        var atFiftyAgain = await InRolloutAsync(app, users);

        Assert.InRange(atTen.Count, 140, 260);   // 10% of 2,000, with room for the hash's spread
        Assert.InRange(atFifty.Count, 900, 1100);
        Assert.Subset(atFifty, atTen);            // nobody flaps back to the old shape when the rollout widens
        Assert.Equal(atFifty, atFiftyAgain);      // and the same user gets the same answer each time
    }

    [Fact]
    public async Task The_applications_own_flags_still_come_from_its_configuration()
    {
        var (_, migrator) = await PendingAsync();
        await using var app = NewApp(migrator, new Dictionary<string, string?> { ["FeatureManagement:DarkMode"] = "true", ["FeatureManagement:Beta"] = "false" });

        Assert.True(await app.Features.IsEnabledAsync("DarkMode"));
        Assert.False(await app.Features.IsEnabledAsync("Beta"));
        var names = new List<string>();
        await foreach (var name in app.Features.GetFeatureNamesAsync())
            names.Add(name);
        Assert.Equal("cutover:" + Split, names[0]);
        Assert.Equal(["Beta", "DarkMode"], names.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_request_in_the_rollout_gets_connections_of_the_new_shape_and_the_others_the_old_one()
    {
        var (_, migrator) = await PendingAsync();
        await migrator.UpAsync();
        await migrator.RolloutAsync(Split, new RolloutChange { Users = ["ada"] });
        await using var app = NewApp(migrator);

        for (var round = 0; round < 3; round++)
        {
            // Alternating, so that a pooled connection given the new shape would be handed to the old shape's request next.
            var (adaScope, ada, adaIsNew) = await app.ForUser("ada");
            await using (adaScope)
            {
                Assert.True(adaIsNew);
                await using var connection = await ada.OpenAsync();
                Assert.Equal(round == 0 ? "ada|maths" : $"ada|logic {round - 1}",
                    await ScalarRowAsync(connection, "SELECT u.name, p.bio FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = 1"));
                await Assert.ThrowsAnyAsync<DbException>(() => ScalarRowAsync(connection, "SELECT bio FROM users WHERE id = 1")); // moved out of users
                await ExecuteAsync(connection, $"UPDATE user_profiles SET bio = 'logic {round}' WHERE user_id = 1");
            }

            var (bobScope, bob, bobIsNew) = await app.ForUser("bob");
            await using (bobScope)
            {
                Assert.False(bobIsNew);
                await using var connection = await bob.OpenAsync();
                Assert.Equal($"ada|logic {round}", await ScalarRowAsync(connection, "SELECT name, bio FROM users WHERE id = 1")); // ada's write, seen in the old shape
            }
        }
    }

    [Fact]
    public async Task An_EF_Core_context_gets_the_shape_of_its_request_through_the_interceptor()
    {
        var (db, migrator) = await PendingAsync();
        await migrator.UpAsync();
        await migrator.RolloutAsync(Split, new RolloutChange { Users = ["ada"] });
        await using var app = NewApp(migrator, more: services =>
        {
            services.AddDbContext<NewShapeContext>((sp, options) => UseDatabase(options, db).UseCutoverShape(sp));
            services.AddDbContext<OldShapeContext>((sp, options) => UseDatabase(options, db).UseCutoverShape(sp));
        });

        var (adaScope, _, adaIsNew) = await app.ForUser("ada");
        await using (adaScope)
        {
            Assert.True(adaIsNew);
            var context = adaScope.ServiceProvider.GetRequiredService<NewShapeContext>();
            var profile = await context.Profiles.SingleAsync(p => p.UserId == 1);
            Assert.Equal("maths", profile.Bio);
            if (TracksRowsWrittenThroughViews)
            {
                profile.Bio = "logic";
                await context.SaveChangesAsync();
            }
            else
            {
                await context.Database.ExecuteSqlAsync($"UPDATE user_profiles SET bio = {"logic"} WHERE user_id = {1}");
            }
            Assert.Equal(["ada", "bob"], context.Users.OrderBy(u => u.Id).Select(u => u.Name).ToList()); // synchronous: the sync path of the interceptor
            // The old model does not fit this request's shape: bio is not a column of users in it.
            await Assert.ThrowsAnyAsync<DbException>(() => adaScope.ServiceProvider.GetRequiredService<OldShapeContext>().Users.ToListAsync());
        }

        var (bobScope, _, bobIsNew) = await app.ForUser("bob");
        await using (bobScope)
        {
            Assert.False(bobIsNew);
            var context = bobScope.ServiceProvider.GetRequiredService<OldShapeContext>();
            Assert.Equal("logic", (await context.Users.SingleAsync(u => u.Id == 1)).Bio); // ada's write through the new shape, in the old one
            (await context.Users.SingleAsync(u => u.Id == 2)).Bio = "bridges";
            await context.SaveChangesAsync();
        }

        var (againScope, _, _) = await app.ForUser("ada");
        await using (againScope)
            Assert.Equal("bridges", (await againScope.ServiceProvider.GetRequiredService<NewShapeContext>().Profiles.SingleAsync(p => p.UserId == 2)).Bio);
    }

    [Fact]
    public async Task A_request_served_from_an_answer_read_before_complete_still_gets_a_working_connection()
    {
        var (_, migrator) = await PendingAsync();
        await migrator.UpAsync();
        await migrator.RolloutAsync(Split, new RolloutChange { Percent = 100 });
        await using var app = NewApp(migrator);
        Assert.True(await app.IsNewAsync(Split, "ada")); // read while expanded, kept for the refresh interval
        Assert.True((await migrator.VerifyAsync(Split)).Clean);
        await migrator.CompleteAsync(Split);

        var (scope, shape, isNew) = await app.ForUser("ada"); // the clock has not moved: the answer is from before complete
        await using (scope)
        {
            Assert.True(isNew);
            await using var connection = await shape.OpenAsync();
            Assert.Equal("ada|maths", await ScalarRowAsync(connection, "SELECT u.name, p.bio FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = 1"));
        }
    }

    [Fact]
    public async Task Each_migration_rolled_out_on_its_own_flag_gives_a_request_its_own_shape()
    {
        const string Rename = "20260101000003";
        var (_, migrator) = await PendingAsync();
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(Split)).Clean);
        await migrator.CompleteAsync(Split);
        _files.Write(Rename, "rename", "-- cutover:op rename-column users.name to full_name\n");
        await migrator.UpAsync();
        await migrator.RolloutAsync(Rename, new RolloutChange { Users = ["ada"] });
        await using var app = NewApp(migrator);

        foreach (var (user, expected) in new[] { ("ada", "full_name"), ("bob", "name") })
        {
            var (scope, profiles, _) = await app.ForUser(user);
            await using (scope)
            {
                var rename = scope.ServiceProvider.GetRequiredService<RequestShapes>().For(Rename);
                Assert.Same(profiles, scope.ServiceProvider.GetRequiredService<RequestShapes>().For(Split));
                Assert.True(await profiles.IsNewAsync()); // completed: everyone
                Assert.Equal(user == "ada", await rename.IsNewAsync(new Microsoft.FeatureManagement.FeatureFilters.TargetingContext { UserId = user }));
                await using var connection = await rename.OpenAsync();
                Assert.Equal("ada|maths", await ScalarRowAsync(connection, $"SELECT u.{expected}, p.bio FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = 1"));
            }
        }
    }

    private static async Task<HashSet<string>> InRolloutAsync(RolloutApp app, IEnumerable<string> users)
    {
        var inside = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in users)
            if (await app.IsNewAsync(Split, user))
                inside.Add(user);
        return inside;
    }

    private protected static async Task<string> ScalarRowAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
