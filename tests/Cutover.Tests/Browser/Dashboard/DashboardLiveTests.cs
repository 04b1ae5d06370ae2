using System.Text.Json;
using Cutover.Postgres;
using Cutover.Rollouts;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// The live work page under `cutover serve`: a deferred backfill, an operation in its window and its rollout are shown,
/// and when the backfill runs and the rollout changes in the database, the open page's numbers and bars follow without
/// a navigation. Rollouts are changed by a user whose name is markup, which must arrive as text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardLiveTests(BrowserFixture browser)
{
    private const string Tables = "20260301000000";
    private const string Rename = "20260302000000";
    private const string Tag = "20260303000000";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_live_page_follows_a_backfill_and_a_rollout_without_reloading(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var (database, options, provider) = await CreateAsync(engine, timeout.Token);
        // Stops at the backfill and leaves it queued for a runner: the page shows it before any row is done.
        await new Migrator(options with { AppliedBy = DashboardDatabase.Script }, provider).UpAsync(new UpOptions { DeferBackfills = true }, timeout.Token);
        await new Migrator(options with { AppliedBy = DashboardDatabase.Script }, provider).RolloutAsync(Rename, new RolloutChange { Percent = 10 }, timeout.Token);

        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);
        // Every navigation of the page itself; a poll that reloaded would add one.
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
        var polls = 0;
        page.Response += (_, response) => { if (response.Url.EndsWith("/live.json", StringComparison.Ordinal)) polls++; };

        var response = await page.GotoAsync(new Uri(serve.BaseUrl, "live").ToString()).WaitAsync(timeout.Token);
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#dashboard-nav a.active")).ToHaveTextAsync("Live work");
        var backfill = page.Locator("#live-backfills tbody tr");
        await Expect(backfill).ToHaveCountAsync(1);
        await Expect(backfill.Locator("[data-field=state]")).ToHaveTextAsync("queued");
        await Expect(backfill.Locator("[data-field=rows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0 / "));
        await Expect(page.Locator("#live-operations tbody tr")).ToContainTextAsync("expanded");
        var verification = page.Locator("#live-operations tbody tr [data-field=verification]");
        await Expect(verification).ToHaveTextAsync("never verified");
        var rollout = page.Locator("#live-rollouts tbody tr");
        await Expect(rollout.Locator("[data-field=percentText]")).ToHaveTextAsync("10 %");
        await Expect(rollout.Locator("[data-field=updatedBy]")).ToHaveTextAsync(DashboardDatabase.Script);
        // The server wrote the bar's share as data; the script gave it its width (markup may not carry style).
        await Expect(rollout.Locator(".progress-bar")).ToHaveAttributeAsync("style", "width: 10%;");
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "live", timeout.Token);

        // The runner works in the background while the page is watched: 3 batches 1.5 s apart, so at least one poll
        // (every 2 s) lands while rows are part done.
        var runner = Task.Run(() => new Migrator(options, provider).RunBackfillsAsync(once: true, cancellationToken: timeout.Token), timeout.Token);
        await Expect(backfill.Locator("[data-field=state]")).ToHaveTextAsync("running", new() { Timeout = 10_000 });
        await Expect(backfill.Locator("[data-field=rows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[24] / 6$"), new() { Timeout = 10_000 });
        await Expect(backfill.Locator(".progress-bar")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("^width: (33|66)%;$"));
        await runner;
        await new Migrator(options with { AppliedBy = DashboardDatabase.Breakout }, provider).RolloutAsync(Rename, new RolloutChange { Percent = 60 }, timeout.Token);
        var verified = await new Migrator(options, provider).VerifyAsync(Rename, cancellationToken: timeout.Token);
        Assert.True(verified.Clean);

        await Expect(backfill.Locator("[data-field=state]")).ToHaveTextAsync("done", new() { Timeout = 10_000 });
        await Expect(backfill.Locator("[data-field=rows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^6 / "));
        await Expect(backfill.Locator(".progress-bar")).ToHaveAttributeAsync("style", "width: 100%;");
        await Expect(rollout.Locator("[data-field=percentText]")).ToHaveTextAsync("60 %", new() { Timeout = 10_000 });
        await Expect(rollout.Locator(".progress-bar")).ToHaveAttributeAsync("style", "width: 60%;");
        await Expect(rollout.Locator("[data-field=updatedBy]")).ToHaveTextAsync(DashboardDatabase.Breakout);
        await Expect(verification).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^clean: {verified.Rows} rows, {verified.At:yyyy-MM-dd HH:mm}"));
        await Expect(page.Locator("#live-status")).ToContainTextAsync("updated");
        // Markup in the names arrived as text: no element was made of it.
        Assert.Equal(0, await page.Locator("#live img, #live-rollouts script").CountAsync());
        // Animations disabled: Bootstrap eases a bar to its new width, and the picture should show where it ends.
        if (engine == "sqlite" && Environment.GetEnvironmentVariable("CUTOVER_DOCS_IMAGES") == "1")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryFolder.Root(), "docs", "images", "dashboard-live.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled }).WaitAsync(timeout.Token);

        Assert.Equal(1, navigations);
        Assert.True(polls >= 1, "the page never asked live.json");
        complaints.AssertNone();
    }

    [Fact]
    public async Task A_backfill_that_two_workers_walk_shows_each_range_as_it_moves()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var (database, options, provider) = await CreateAsync("postgres", timeout.Token);
        await new Migrator(options, provider).UpAsync(new UpOptions { DeferBackfills = true }, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);
        await page.GotoAsync(new Uri(serve.BaseUrl, "live").ToString()).WaitAsync(timeout.Token);
        var position = page.Locator("#live-backfills tbody tr [data-field=position]");
        await Expect(position).ToHaveTextAsync("–");

        // Two workers cut the six keys in two ranges and walk each in batches of 2, 1.5 s apart: the page's poll (every
        // 2 s) sees both under way, each with its own last key.
        var runner = Task.Run(() => new Migrator(options with { Backfill = new Cutover.Backfill.BackfillOptions { Workers = 2 } }, provider)
            .RunBackfillsAsync(once: true, cancellationToken: timeout.Token), timeout.Token);
        await Expect(position).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^range 1 \(""id"" <= \d\): running, at \d; range 2 \(""id"" > \d\): running, at \d$"), new() { Timeout = 10_000 });
        await runner;

        await Expect(page.Locator("#live-backfills tbody tr [data-field=state]")).ToHaveTextAsync("done", new() { Timeout = 10_000 });
        await Expect(page.Locator("#live-backfills tbody tr [data-field=rows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^6 / "));
        complaints.AssertNone();
    }

    [Fact]
    public async Task Live_json_carries_the_same_work_as_the_page()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var (database, options, provider) = await CreateAsync("sqlite", timeout.Token);
        await new Migrator(options, provider).UpAsync(new UpOptions { DeferBackfills = true }, timeout.Token);
        await new Migrator(options, provider).RolloutAsync(Rename, new RolloutChange { Percent = 100, Users = ["ada"] }, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "live.json"), timeout.Token);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var backfill = Assert.Single(json.RootElement.GetProperty("backfills").EnumerateArray());
        Assert.Equal($"{Tag}/1", backfill.GetProperty("id").GetString());
        Assert.Equal("queued", backfill.GetProperty("state").GetString());
        Assert.Equal(0, backfill.GetProperty("rowsDone").GetInt64());
        var operation = Assert.Single(json.RootElement.GetProperty("operations").EnumerateArray());
        Assert.Equal("expanded", operation.GetProperty("phase").GetString());
        Assert.Equal("never verified", operation.GetProperty("verification").GetString());
        Assert.Equal(JsonValueKind.Null, operation.GetProperty("clean").ValueKind);
        var rollout = Assert.Single(json.RootElement.GetProperty("rollouts").EnumerateArray());
        Assert.Equal(100, rollout.GetProperty("percent").GetInt32());
        Assert.Equal(1, rollout.GetProperty("users").GetInt32());
        Assert.NotEqual("–", rollout.GetProperty("fullSince").GetString());
    }

    /// <summary>Two tables, an operation renaming a column of one, and a backfill of the other in batches of 2 over 6 rows, 1.5 s apart.</summary>
    private static async Task<(DashboardDatabase, CutoverOptions, IDatabaseProvider)> CreateAsync(string engine, CancellationToken cancellationToken)
    {
        var connection = engine == "sqlite" ? SqliteFiles.NewDatabase() : await PostgresServer.CreateDatabaseAsync();
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var folder = Directory.CreateTempSubdirectory("cutover-dashboard-live-").FullName;
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Tables}_tables.sql"), """
            -- cutover:up
            CREATE TABLE people (id integer PRIMARY KEY, name text);
            INSERT INTO people (id, name) VALUES (1, 'Ada');
            CREATE TABLE items (id integer PRIMARY KEY, tag text);
            INSERT INTO items (id) VALUES (1), (2), (3), (4), (5), (6);
            -- cutover:down
            DROP TABLE items;
            DROP TABLE people;
            """ + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Rename}_rename_name.sql"), "-- cutover:op rename-column people.name to full_name\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Tag}_tag_items.sql"), """
            -- cutover:backfill items batch=2 pause=1500
            UPDATE items SET tag = 'x' WHERE tag IS NULL AND {batch};
            -- cutover:down
            UPDATE items SET tag = NULL;
            """ + "\n", cancellationToken);
        var config = Path.Combine(folder, "cutover.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, string> { ["connection"] = connection, ["migrations"] = "migrations" }), cancellationToken);
        var options = new CutoverOptions { ConnectionString = connection, MigrationsFolder = migrations };
        return (new DashboardDatabase(engine, connection, null, config, folder), options, provider);
    }
}
