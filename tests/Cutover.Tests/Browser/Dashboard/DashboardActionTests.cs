using System.Text.Json;
using Cutover.Backfill;
using Cutover.History;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// `cutover serve --allow-actions` on SQLite and PostgreSQL, clicked through in a real browser: every action goes through
/// its confirmation page and its POST form, and is checked where it counts — in the database, read by a Migrator of the
/// test's own, and in the audit log, under the name of the OS user who runs serve.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardActionTests(BrowserFixture browser)
{
    private const string Tables = "20260401000000";
    private const string Derive = "20260402000000";
    private const string Retitle = "20260403000000";
    private const string Tag = "20260404000000";
    private const string Backfill = Tag + "/1";

    /// <summary>
    /// Submits the confirmation form and waits for the redirect back. A run under load once waited out Playwright's 30 s here;
    /// the wait is longer now, and its failure says where the browser was and what serve printed, instead of only "timeout".
    /// It waits for the redirect's page to be committed, not for its load event: a CI run saw the browser at the right URL,
    /// network idle, and the load event never reported for 90 s. The assertions after it wait for what the page shows.
    /// </summary>
    private static async Task SubmitAsync(IPage page, AppProcess serve, string expectedUrl)
    {
        await page.Locator("#confirm-submit").ClickAsync();
        try
        {
            await page.WaitForURLAsync(expectedUrl, new() { Timeout = 90_000, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no redirect to {expectedUrl} after submitting; the page is at {page.Url}. serve printed:\n{serve.Output}", e);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Each_action_is_confirmed_then_changes_the_database_and_is_audited(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var (database, migrator) = await CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync(["--allow-actions", "--verbose"], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);
        var url = (string path) => new Uri(serve.BaseUrl, path).ToString();

        // Pause, from the live page: a queued backfill offers pause and cancel, not resume.
        await page.GotoAsync(url("live")).WaitAsync(timeout.Token);
        var row = page.Locator($"#live-backfills tbody tr[data-live-key='backfill:{Backfill}']");
        await Expect(row.Locator("a.btn")).ToHaveTextAsync(["Pause", "Cancel"]);
        // The add-column's own backfill is done: nothing to steer.
        await Expect(page.Locator($"#live-backfills tbody tr[data-live-key='backfill:{Derive}/2'] a.btn")).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Link, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator("#confirm-title")).ToHaveTextAsync($"Pause backfill {Backfill}");
        await Expect(page.Locator("[data-fact=State]")).ToHaveTextAsync("queued");
        await Expect(page.Locator("#confirm-consequence")).ToContainTextAsync("Nothing is undone");
        // Looking changed nothing.
        Assert.Equal(BackfillStates.Queued, (await BackfillAsync(migrator, timeout.Token)).State);
        await SubmitAsync(page, serve, url("live"));
        await Expect(page.Locator("#action-notice")).ToHaveTextAsync($"Backfill {Backfill} paused: it is now paused.");
        Assert.Equal(BackfillStates.Paused, (await BackfillAsync(migrator, timeout.Token)).State);
        await AssertAuditedAsync(migrator, "backfill", Tag, "pause", timeout.Token);
        // Shown once: a reload no longer says it.
        await page.ReloadAsync().WaitAsync(timeout.Token);
        await Expect(page.Locator("#action-notice")).ToHaveCountAsync(0);

        // Resume, from the live page again.
        await row.GetByRole(AriaRole.Link, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator("[data-fact=State]")).ToHaveTextAsync("paused");
        await SubmitAsync(page, serve, url("live"));
        await Expect(page.Locator("#action-notice")).ToContainTextAsync("resumed");
        Assert.Equal(BackfillStates.Running, (await BackfillAsync(migrator, timeout.Token)).State);
        await AssertAuditedAsync(migrator, "backfill", Tag, "resume", timeout.Token);

        // Cancel, from the overview; the confirmation is the documentation's picture.
        await page.GotoAsync(url("")).WaitAsync(timeout.Token);
        await page.Locator("#backfills tbody tr").GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#confirm-consequence")).ToContainTextAsync("Rows already written stay written");
        await Expect(page.Locator("#dashboard-nav a.active")).ToHaveTextAsync("Overview");
        // Not failed: the note beside the state is the last steering, not an error.
        await Expect(page.Locator("[data-fact='Last change']")).ToContainTextAsync($"resume by {Environment.UserName}");
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "confirm-cancel", timeout.Token);
        if (engine == "sqlite" && Environment.GetEnvironmentVariable("CUTOVER_DOCS_IMAGES") == "1")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryFolder.Root(), "docs", "images", "dashboard-confirm.png"), FullPage = true }).WaitAsync(timeout.Token);
        await SubmitAsync(page, serve, url(""));
        await Expect(page.Locator("#action-notice")).ToContainTextAsync("cancelled");
        Assert.Equal(BackfillStates.Cancelled, (await BackfillAsync(migrator, timeout.Token)).State);
        await AssertAuditedAsync(migrator, "backfill", Tag, "cancel", timeout.Token);

        // Complete before any verification: refused, the refusal shown as the CLI words it, nothing changed.
        await page.GotoAsync(url($"migrations/{Derive}")).WaitAsync(timeout.Token);
        await Expect(page.Locator("#operation-actions a")).ToHaveTextAsync(["Verify", "Change rollout", "Complete", "Abort"]);
        await page.Locator("#operation-actions").GetByRole(AriaRole.Link, new() { Name = "Complete" }).ClickAsync();
        await Expect(page.Locator("[data-fact=Phase]")).ToHaveTextAsync("expanded");
        await SubmitAsync(page, serve, url($"migrations/{Derive}"));
        await Expect(page.Locator("#action-notice.alert-danger")).ToContainTextAsync("not completed: its operations were never verified");
        Assert.Equal("expanded", await PhaseAsync(migrator, Derive, timeout.Token));

        // Verify: clean, stored in the audit log.
        await page.Locator("#operation-actions").GetByRole(AriaRole.Link, new() { Name = "Verify" }).ClickAsync();
        await SubmitAsync(page, serve, url($"migrations/{Derive}"));
        await Expect(page.Locator("#action-notice.alert-success")).ToContainTextAsync($"Verified {Derive}: 1 row(s) compared");
        await Expect(page.Locator("#action-notice")).ToContainTextAsync("0 mismatching");
        await AssertAuditedAsync(migrator, "verify", Derive, "clean", timeout.Token);

        // Change the rollout: the values first (a GET form), then the confirmation of before and after.
        await page.Locator("#operation-actions").GetByRole(AriaRole.Link, new() { Name = "Change rollout" }).ClickAsync();
        await page.Locator("#field-percent").FillAsync("100");
        await page.Locator("#field-users").FillAsync("ada, grace");
        await page.Locator("#confirm-review").ClickAsync();
        await Expect(page.Locator("[data-fact=Rollout]")).ToContainTextAsync("none");
        await Expect(page.Locator("[data-fact=After]")).ToContainTextAsync("100 %; users: ada, grace; groups: none");
        Assert.Empty(await migrator.RolloutsAsync(timeout.Token));
        await SubmitAsync(page, serve, url($"migrations/{Derive}"));
        await Expect(page.Locator("#action-notice.alert-success")).ToContainTextAsync("Rollout of " + Derive + " changed: 100 %");
        var rollout = Assert.Single(await migrator.RolloutsAsync(timeout.Token));
        Assert.Equal(100, rollout.Percent);
        Assert.Equal(["ada", "grace"], rollout.Users);
        Assert.Equal(Environment.UserName, rollout.UpdatedBy);
        await AssertAuditedAsync(migrator, "rollout", Derive, "ok", timeout.Token);

        // Complete again: verified, the rollout at 100 % (soak 0 in this configuration): done.
        await page.Locator("#operation-actions").GetByRole(AriaRole.Link, new() { Name = "Complete" }).ClickAsync();
        await SubmitAsync(page, serve, url($"migrations/{Derive}"));
        await Expect(page.Locator("#action-notice.alert-success")).ToContainTextAsync($"Completed {Derive}");
        Assert.Equal("completed", await PhaseAsync(migrator, Derive, timeout.Token));
        await AssertAuditedAsync(migrator, "complete", Derive, null, timeout.Token);
        // A completed migration offers nothing more.
        await Expect(page.Locator("#operation-actions")).ToHaveCountAsync(0);

        // Abort the other operation: its new shape goes, the migration is pending again.
        await page.GotoAsync(url($"migrations/{Retitle}")).WaitAsync(timeout.Token);
        await page.Locator("#operation-actions").GetByRole(AriaRole.Link, new() { Name = "Abort" }).ClickAsync();
        await Expect(page.Locator("#confirm-consequence")).ToContainTextAsync("the migration is pending again");
        await SubmitAsync(page, serve, url($"migrations/{Retitle}"));
        await Expect(page.Locator("#action-notice.alert-success")).ToContainTextAsync($"Aborted {Retitle}");
        var aborted = (await migrator.StatusAsync(timeout.Token)).Migrations.Single(m => m.Id == Retitle);
        // Not pending but out of order: the backfill's migration, newer, stays applied.
        Assert.Equal(MigrationState.OutOfOrder, aborted.State);
        Assert.Null(aborted.Phase);
        Assert.Contains((await migrator.HistoryAsync(20, timeout.Token)), e => e.MigrationId == Retitle && e.Action == "down" && e.By == Environment.UserName);

        complaints.AssertNone();
    }

    /// <summary>Three tables; an operation on each of two of them, expanded; a deferred backfill of the third, queued.</summary>
    private static async Task<(DashboardDatabase, Migrator)> CreateAsync(string engine, CancellationToken cancellationToken)
    {
        var connection = engine == "sqlite" ? SqliteFiles.NewDatabase() : await PostgresServer.CreateDatabaseAsync();
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var folder = Directory.CreateTempSubdirectory("cutover-dashboard-actions-").FullName;
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Tables}_tables.sql"), """
            -- cutover:up
            CREATE TABLE people (id integer PRIMARY KEY, name text);
            INSERT INTO people (id, name) VALUES (1, 'Ada');
            CREATE TABLE pets (id integer PRIMARY KEY, name text);
            INSERT INTO pets (id, name) VALUES (1, 'Rex');
            CREATE TABLE items (id integer PRIMARY KEY, tag text);
            INSERT INTO items (id) VALUES (1), (2), (3), (4), (5), (6);
            -- cutover:down
            DROP TABLE items;
            DROP TABLE pets;
            DROP TABLE people;
            """ + "\n", cancellationToken);
        // A derived column: its two shapes are compared row by row, so complete needs a verification first.
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Derive}_shout_name.sql"), "-- cutover:op add-column people.shout text up \"upper(name)\"\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Retitle}_retitle_pets.sql"), "-- cutover:op rename-column pets.name to title\n", cancellationToken);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = connection, MigrationsFolder = migrations }, provider);
        await migrator.UpAsync(new UpOptions(), cancellationToken);
        // Then the backfill, left queued for a runner (serve runs none).
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Tag}_tag_items.sql"), """
            -- cutover:backfill items batch=2
            UPDATE items SET tag = 'x' WHERE tag IS NULL AND {batch};
            -- cutover:down
            UPDATE items SET tag = NULL;
            """ + "\n", cancellationToken);
        // No soak: complete may follow the rollout to 100 % at once, so the test sees it refused and then allowed.
        var config = Path.Combine(folder, "cutover.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object> { ["connection"] = connection, ["migrations"] = "migrations", ["rolloutSoakMinutes"] = 0 }),
            cancellationToken);
        await migrator.UpAsync(new UpOptions { DeferBackfills = true }, cancellationToken);
        return (new DashboardDatabase(engine, connection, null, config, folder), migrator);
    }

    private static async Task<BackfillStatus> BackfillAsync(Migrator migrator, CancellationToken cancellationToken) =>
        (await migrator.BackfillStatusAsync(cancellationToken)).Single(b => b.Id == Backfill);

    private static async Task<string?> PhaseAsync(Migrator migrator, string id, CancellationToken cancellationToken) =>
        (await migrator.StatusAsync(cancellationToken)).Migrations.Single(m => m.Id == id).Phase;

    /// <summary>The newest audit entry of <paramref name="action"/> on the migration: its outcome, and serve's OS user as who acted.</summary>
    internal static async Task AssertAuditedAsync(Migrator migrator, string action, string migrationId, string? outcome, CancellationToken cancellationToken, string? by = null)
    {
        var entry = (await migrator.HistoryAsync(50, cancellationToken)).FirstOrDefault(e => e.Action == action && e.MigrationId == migrationId);
        Assert.True(entry is not null, $"no {action} entry for {migrationId} in the audit log");
        if (outcome is not null)
            Assert.Equal(outcome, entry.Outcome);
        Assert.Equal(by ?? Environment.UserName, entry.By);
    }
}
