using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cutover.Rollouts;
using Cutover.Running;
using Cutover.Tests.Rollouts.FeatureManagement;

namespace Cutover.Tests.Browser.BootstrapApp;

/// <summary>
/// samples/bootstrap-app in a real browser while Cutover walks story #5 (the wide users table split, rolled out 10% →
/// 50% → 100%, verified, completed) and then story #3 (permissions reshaped, rolled out, completed), with v1 and v2 running
/// at once against one database. At every phase, for each live version: every user's row shows the database's values,
/// an edit made in one version shows in the other, a user inside the rollout gets v2's new shape and one outside the old
/// one, and the admin permissions page lists everyone alike. v1's users pages end with story #5's complete and its
/// permissions page with story #3's, each with an error page, never an empty table. A migration that drops a column v1
/// still reads fails these checks.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class SampleAppWalkSpecification(BrowserFixture browser) : IDisposable
{
    private const string InsideUser = "ada";  // named in every rollout
    private const long EditedUserId = 7;
    private readonly List<string> _tempFolders = [];

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract string Engine { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    [Fact]
    public async Task Story_5_then_story_3_keep_every_page_of_both_versions_right_at_every_phase()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var db = await NewDatabaseAsync();
        var migrator = NewMigrator(db, SampleApp.Migrations(Engine));
        await migrator.UpAsync(new UpOptions { To = SampleApp.Seed }, ct);
        var v1 = await SampleApp.StartAsync("v1", db, ct);
        await using var v2 = await SampleApp.StartAsync("v2", db, ct);
        var walk = await Walk.StartAsync(this, browser, migrator, db, v1, v2, ct);
        try
        {
            await walk.PhaseAsync("01-before", "nothing: story #5 pending", () => Task.CompletedTask, split: false);
            await walk.PhaseAsync("02-expanded", "cutover up (expand story #5)", () => migrator.UpAsync(new UpOptions { To = SampleApp.Profiles }, ct), split: false);
            foreach (var (phase, percent) in new[] { ("03", 10), ("04", 50), ("05", 100) })
                await walk.PhaseAsync($"{phase}-rollout-{percent}", $"cutover rollout {SampleApp.Profiles} --users ada --percent {percent}",
                    () => migrator.RolloutAsync(SampleApp.Profiles, new RolloutChange { Users = [InsideUser], Percent = percent }, ct), split: false);
            await walk.PhaseAsync("06-verified", "cutover verify", async () => Assert.True((await migrator.VerifyAsync(SampleApp.Profiles, cancellationToken: ct)).Clean), split: false);
            await walk.PhaseAsync("07-completed", "cutover complete", async () =>
            {
                await migrator.CompleteAsync(SampleApp.Profiles, cancellationToken: ct);
                await walk.RetireV1Async("/users", "07-completed-v1-users-gone");
            }, split: true);

            await walk.PhaseAsync("08-permissions-expanded", "cutover up (expand story #3)", () => migrator.UpAsync(cancellationToken: ct), split: true);
            foreach (var (phase, percent) in new[] { ("09", 10), ("10", 100) })
                await walk.PhaseAsync($"{phase}-permissions-rollout-{percent}", $"cutover rollout {SampleApp.Permissions} --users ada --percent {percent}",
                    () => migrator.RolloutAsync(SampleApp.Permissions, new RolloutChange { Users = [InsideUser], Percent = percent }, ct), split: true);
            await walk.PhaseAsync("11-permissions-completed", "cutover verify + complete", async () =>
            {
                Assert.True((await migrator.VerifyAsync(SampleApp.Permissions, cancellationToken: ct)).Clean);
                await migrator.CompleteAsync(SampleApp.Permissions, cancellationToken: ct);
                await walk.RetireV1Async("/admin/permissions", "11-permissions-completed-v1-permissions-gone");
            }, split: true);
        }
        finally
        {
            await walk.DisposeAsync();
        }
        walk.WriteSummary();
    }

    [Fact]
    public async Task A_migration_that_drops_a_column_v1_still_reads_fails_the_page_checks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var migrations = CopyOfMigrations();
        File.WriteAllText(Path.Combine(migrations, "20261201090200_drop_company.sql"), """
            -- why: a cleanup that forgot the running v1 still reads users.company
            -- cutover:up
            ALTER TABLE users DROP COLUMN company;
            -- cutover:down
            ALTER TABLE users ADD COLUMN company text;
            """);
        var db = await NewDatabaseAsync();
        var migrator = NewMigrator(db, migrations);
        await migrator.UpAsync(new UpOptions { To = SampleApp.Seed }, ct);
        var v1 = await SampleApp.StartAsync("v1", db, ct);
        await using var v2 = await SampleApp.StartAsync("v2", db, ct);
        var walk = await Walk.StartAsync(this, browser, migrator, db, v1, v2, ct, group: "broken");
        try
        {
            await walk.PhaseAsync("01-before", "nothing", () => Task.CompletedTask, split: false);
            var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
                walk.PhaseAsync("02-dropped", "cutover up (drop users.company)", () => migrator.UpAsync(new UpOptions { To = "20261201090200" }, ct), split: false));
            // The pages that read users.company fail visibly (an error page), and the check names the page and the error.
            Assert.Contains("/users as", failure.Message, StringComparison.Ordinal);
            Assert.Contains("HTTP 500", failure.Message, StringComparison.Ordinal);
            Assert.Contains("company", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await walk.DisposeAsync();
        }
    }

    private Migrator NewMigrator(string db, string migrations) => new(new CutoverOptions
    {
        ConnectionString = db, MigrationsFolder = migrations, AppliedBy = "browser-test", RolloutSoak = TimeSpan.Zero,
    }, Provider);

    private string CopyOfMigrations()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cutover-tests", "sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _tempFolders.Add(folder);
        foreach (var file in Directory.GetFiles(SampleApp.Migrations(Engine), "*.sql"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    public void Dispose()
    {
        foreach (var folder in _tempFolders)
            Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>One walk through phases: the page checks of each, its screenshots and its timings.</summary>
    private sealed class Walk : IAsyncDisposable
    {
        private readonly SampleAppWalkSpecification _spec;
        private readonly Migrator _migrator;
        private readonly string _db;
        private readonly AppProcess _v2;
        private readonly IsolatedPage _browserPage;
        private readonly SamplePages _pages;
        private readonly RolloutApp _profilesFlag;
        private readonly RolloutApp _permissionsFlag;
        private readonly string _group;
        private readonly StringBuilder _summary = new();
        private AppProcess? _v1;
        private bool _v1UsersPages = true;

        private Walk(SampleAppWalkSpecification spec, Migrator migrator, string db, AppProcess v1, AppProcess v2, IsolatedPage page, string group, CancellationToken ct)
        {
            _spec = spec;
            _migrator = migrator;
            _db = db;
            _v1 = v1;
            _v2 = v2;
            _browserPage = page;
            _group = group;
            _pages = new SamplePages(page.Page, group, ct);
            // The test's own reading of the flags, through the same package: which users the rollout selects right now.
            _profilesFlag = new RolloutApp(migrator.Options, spec.Provider, SampleApp.Profiles, _ => throw new InvalidOperationException("the test opens no shaped connection"));
            _permissionsFlag = new RolloutApp(migrator.Options, spec.Provider, SampleApp.Permissions, _ => throw new InvalidOperationException("the test opens no shaped connection"));
            _summary.AppendLine(CultureInfo.InvariantCulture, $"| phase ({spec.Engine}) | what ran | its time | page checks | screenshots |").AppendLine("|---|---|---|---|---|");
        }

        public static async Task<Walk> StartAsync(SampleAppWalkSpecification spec, BrowserFixture browser, Migrator migrator, string db, AppProcess v1, AppProcess v2,
            CancellationToken ct, string group = "rollout") =>
            new(spec, migrator, db, v1, v2, await browser.NewPageAsync(ct), $"{group}-{spec.Engine}", ct);

        /// <summary>Runs <paramref name="change"/>, then checks every page of every live version.</summary>
        public async Task PhaseAsync(string phase, string what, Func<Task> change, bool split)
        {
            var changeTime = Stopwatch.StartNew();
            await change();
            changeTime.Stop();
            var checkTime = Stopwatch.StartNew();
            var shots = await CheckAsync(phase, split);
            _summary.AppendLine(CultureInfo.InvariantCulture,
                $"| {phase} | {what} | {changeTime.ElapsedMilliseconds} ms | {checkTime.ElapsedMilliseconds} ms | {string.Join(", ", shots.Select(Path.GetFileName))} |");
        }

        /// <summary>
        /// After a complete, v1's pages that read what it dropped must fail visibly (an error page), never show an empty
        /// table: story #5 ends its users pages (its permissions page reads only users.permissions, and lives on until
        /// story #3's complete, which ends v1).
        /// </summary>
        public async Task RetireV1Async(string path, string screenshot)
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => _pages.OpenAsync(_v1!, "v1", path, InsideUser));
            Assert.Contains("HTTP 500", failure.Message, StringComparison.Ordinal);
            await _pages.ScreenshotAsync(screenshot);
            if (path == "/users")
            {
                _v1UsersPages = false;
                return;
            }
            await _v1!.DisposeAsync();
            _v1 = null;
        }

        private async Task<List<string>> CheckAsync(string phase, bool split)
        {
            var shots = new List<string>();
            var expected = await ExpectedUser.ReadAllAsync(_spec.Provider, _db, split, CancellationToken.None);
            Assert.Equal(40, expected.Count);
            _profilesFlag.Clock.Advance(TimeSpan.FromMinutes(1));
            _permissionsFlag.Clock.Advance(TimeSpan.FromMinutes(1));
            var groups = expected.ToDictionary(u => u.Name, u => u.Group, StringComparer.Ordinal);
            async Task<string> ShapeOf(RolloutApp flag, string migration, string user) =>
                await flag.IsNewAsync(migration, user, groups[user]) ? "new" : "old";
            var profilesOutsider = await FirstOutsideAsync(_profilesFlag, SampleApp.Profiles, expected);
            var permissionsOutsider = await FirstOutsideAsync(_permissionsFlag, SampleApp.Permissions, expected);

            // v2 picks a change up within its refresh interval; wait for it on the rollout's own user.
            await _pages.WaitForShapeAsync(_v2, "v2", "/users", InsideUser, await ShapeOf(_profilesFlag, SampleApp.Profiles, InsideUser));
            await _pages.WaitForShapeAsync(_v2, "v2", "/admin/permissions", InsideUser, await ShapeOf(_permissionsFlag, SampleApp.Permissions, InsideUser));

            foreach (var user in new[] { InsideUser, profilesOutsider }.OfType<string>())
            {
                await _pages.CheckUsersAsync(_v2, "v2", user, await ShapeOf(_profilesFlag, SampleApp.Profiles, user), expected);
                shots.Add(await _pages.ScreenshotAsync($"{phase}-v2-users-as-{user}"));
            }
            if (_v1 is { } v1 && _v1UsersPages)
            {
                await _pages.CheckUsersAsync(v1, "v1", InsideUser, "old", expected);
                shots.Add(await _pages.ScreenshotAsync($"{phase}-v1-users"));
            }

            // An edit made in one version shows in the other, both ways; with v1 retired, between the two shapes of v2.
            var (otherApp, otherVersion, otherUser) = _v1 is { } live && _v1UsersPages ? (live, "v1", InsideUser) : (_v2, "v2", permissionsOutsider ?? InsideUser);
            var edited = expected.Single(u => u.Id == EditedUserId).Name;
            await _pages.SaveLocationAsync(_v2, "v2", InsideUser, EditedUserId, $"{phase} by v2");
            shots.Add(await _pages.ScreenshotAsync($"{phase}-v2-profile-saved"));
            Assert.Equal($"{phase} by v2", await _pages.LocationAsync(otherApp, otherVersion, otherUser, edited));
            await _pages.SaveLocationAsync(otherApp, otherVersion, otherUser, EditedUserId, $"{phase} by {otherVersion}");
            Assert.Equal($"{phase} by {otherVersion}", await _pages.LocationAsync(_v2, "v2", InsideUser, edited));

            // The admin page lists every user's permissions, the same text whichever version and shape serves it.
            var reference = await _pages.PermissionsAsync(_v2, "v2", InsideUser, await ShapeOf(_permissionsFlag, SampleApp.Permissions, InsideUser), expected.Count);
            shots.Add(await _pages.ScreenshotAsync($"{phase}-v2-permissions-as-{InsideUser}"));
            Assert.Contains($"{InsideUser}|pages:read, pages:write, admin:users", reference);
            if (permissionsOutsider is not null)
            {
                Assert.Equal(reference, await _pages.PermissionsAsync(_v2, "v2", permissionsOutsider, "old", expected.Count));
                shots.Add(await _pages.ScreenshotAsync($"{phase}-v2-permissions-as-{permissionsOutsider}"));
            }
            if (_v1 is { } v1Again)
            {
                Assert.Equal(reference, await _pages.PermissionsAsync(v1Again, "v1", InsideUser, "old", expected.Count));
                shots.Add(await _pages.ScreenshotAsync($"{phase}-v1-permissions"));
            }
            return shots;
        }

        /// <summary>A user other than <see cref="InsideUser"/> whom <paramref name="migration"/>'s flag leaves on the old shape (null when it selects everyone).</summary>
        private static async Task<string?> FirstOutsideAsync(RolloutApp flag, string migration, IReadOnlyList<ExpectedUser> users)
        {
            foreach (var user in users.Where(u => u.Name != InsideUser))
                if (!await flag.IsNewAsync(migration, user.Name, user.Group))
                    return user.Name;
            return null;
        }

        /// <summary>The phases, their timings and screenshots, beside the screenshots (for the closing note and for people).</summary>
        public void WriteSummary() => File.WriteAllText(Path.Combine(Screenshots.Folder(_group), "phases.md"), _summary.ToString());

        public async ValueTask DisposeAsync()
        {
            if (_v1 is not null)
                await _v1.DisposeAsync();
            await _profilesFlag.DisposeAsync();
            await _permissionsFlag.DisposeAsync();
            await _browserPage.DisposeAsync();
        }
    }
}
