using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Cutover.Backfill;
using Cutover.Dashboard;
using Cutover.Postgres;
using Cutover.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// What keeps the actions from being done by accident or by another site: without --allow-actions there is nothing to
/// click and nothing to post to; with it, a POST needs the antiforgery token of a confirmation page, and a confirmation
/// page shows hostile names as text. In an app, the actions need antiforgery registered, and are audited as the
/// signed-in user.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DashboardActionGuardTests(BrowserFixture browser)
{
    private const string Broken = DashboardDatabase.Broken + "/1";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Without_allow_actions_no_page_offers_one_and_posts_change_nothing(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var database = await DashboardDatabase.CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);

        foreach (var path in new[] { "", "live", $"migrations/{DashboardDatabase.Broken}" })
        {
            await page.GotoAsync(new Uri(serve.BaseUrl, path).ToString()).WaitAsync(timeout.Token);
            await Expect(page.Locator("h1")).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("a[href*='/actions/'], form[method=post], #operation-actions").CountAsync());
            Assert.DoesNotContain("actions", await page.Locator("table thead").AllTextContentsAsync());
        }
        complaints.AssertNone();

        using var http = new HttpClient();
        using var confirm = await http.GetAsync(new Uri(serve.BaseUrl, $"actions/backfill-cancel?id={Uri.EscapeDataString(Broken)}&back=live"), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        using var post = await http.PostAsync(new Uri(serve.BaseUrl, "actions/backfill-cancel"), Form(("id", Broken), ("back", "live")), timeout.Token);
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"a POST got {post.StatusCode}");
        await AssertUntouchedAsync(database, timeout.Token);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_post_without_the_antiforgery_token_or_with_a_wrong_one_is_refused_and_hostile_names_stay_text(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var database = await DashboardDatabase.CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync(["--allow-actions"], "/", readyStatus: null, timeout.Token);
        var confirmPath = $"actions/backfill-cancel?id={Uri.EscapeDataString(Broken)}&back=overview";

        // The failed backfill's error carries markup (the table it selects from is named with it): its confirmation shows them as text, and nothing runs.
        await using (var isolated = await browser.NewPageAsync(timeout.Token))
        {
            var page = isolated.Page;
            var complaints = BrowserComplaints.Watch(page);
            await page.GotoAsync(serve.BaseUrl.ToString()).WaitAsync(timeout.Token);
            await page.Locator("#backfills tbody tr").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
            await Expect(page.Locator("[data-fact=Table]")).ToContainTextAsync("notes");
            await Expect(page.Locator("[data-fact=Error]")).ToContainTextAsync(DashboardDatabase.Script);
            await Expect(page.Locator("[data-fact=State]")).ToHaveTextAsync("failed");
            Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
            await Screenshots.SaveAsync(page, "dashboard-" + engine, "confirm-hostile", timeout.Token);
            complaints.AssertNone();
        }

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        var html = await http.GetStringAsync(new Uri(serve.BaseUrl, confirmPath), timeout.Token);
        var token = TokenField().Match(html);
        Assert.True(token.Success, "the confirmation page has no antiforgery field");
        var (field, value) = (token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value));
        var post = new Uri(serve.BaseUrl, "actions/backfill-cancel");

        using (var missing = await http.PostAsync(post, Form(("id", Broken), ("back", "overview")), timeout.Token))
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var wrong = value[..^4] + (value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using (var forged = await http.PostAsync(post, Form((field, wrong), ("id", Broken), ("back", "overview")), timeout.Token))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // The page's token without the cookie it belongs with: what another site's form would send at best.
        using (var other = new HttpClient())
        using (var cookieless = await other.PostAsync(post, Form((field, value), ("id", Broken), ("back", "overview")), timeout.Token))
            Assert.Equal(HttpStatusCode.BadRequest, cookieless.StatusCode);
        await AssertUntouchedAsync(database, timeout.Token);

        // The same form with the right token does it: the refusals above were the token's doing.
        using var done = await http.PostAsync(post, Form((field, value), ("id", Broken), ("back", "overview")), timeout.Token);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal("/", done.Headers.Location?.ToString());
        Assert.Equal(BackfillStates.Cancelled, (await BrokenBackfillAsync(database, timeout.Token)).State);
    }

    [Fact]
    public async Task In_an_app_actions_need_antiforgery_and_are_audited_as_the_signed_in_user()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        var options = new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InProcessDashboard.StartAsync(options, new SqliteProvider(), web => web.MapCutoverDashboard("/ops", o => o.AllowActions = true), timeout.Token));
        Assert.Contains("AddAntiforgery()", refused.Message, StringComparison.Ordinal);

        await using var app = await InProcessDashboard.StartAsync(options, new SqliteProvider(), services => services.AddAntiforgery(), web =>
        {
            // Stands in for the app's authentication: every request is grace's.
            web.Use((context, next) =>
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "grace")], "test"));
                return next(context);
            });
            web.MapCutoverDashboard("/ops", o => o.AllowActions = true);
        }, timeout.Token);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.Http.BaseAddress };
        var overview = await http.GetStringAsync("/ops/", timeout.Token);
        Assert.Contains($"href=\"/ops/actions/backfill-pause?id={Uri.EscapeDataString(Broken)}&amp;back=overview\"", overview, StringComparison.Ordinal);
        var html = await http.GetStringAsync($"/ops/actions/backfill-pause?id={Uri.EscapeDataString(Broken)}&back=overview", timeout.Token);
        var token = TokenField().Match(html);
        Assert.True(token.Success);
        Assert.Contains("action=\"/ops/actions/backfill-pause\"", html, StringComparison.Ordinal);

        using var done = await http.PostAsync("/ops/actions/backfill-pause", Form((token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), ("id", Broken), ("back", "overview")), timeout.Token);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal("/ops/", done.Headers.Location?.ToString());
        var migrator = new Migrator(options, new SqliteProvider());
        Assert.Equal(BackfillStates.Paused, (await migrator.BackfillStatusAsync(timeout.Token)).Single(b => b.Id == Broken).State);
        await DashboardActionTests.AssertAuditedAsync(migrator, "backfill", DashboardDatabase.Broken, "pause", timeout.Token, by: "grace");
        // The result waits in a cookie for the page the browser is sent back to, once.
        var back = await http.GetStringAsync("/ops/", timeout.Token);
        Assert.Contains($"Backfill {Broken} paused: it is now paused.", back, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"action-notice\"", await http.GetStringAsync("/ops/", timeout.Token), StringComparison.Ordinal);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<BackfillStatus> BrokenBackfillAsync(DashboardDatabase database, CancellationToken cancellationToken)
    {
        IDatabaseProvider provider = database.Engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var migrator = new Migrator(new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") }, provider);
        return (await migrator.BackfillStatusAsync(cancellationToken)).Single(b => b.Id == Broken);
    }

    /// <summary>The failed backfill is still failed, and no one steered it: the audit log has no backfill entry but the failure.</summary>
    private static async Task AssertUntouchedAsync(DashboardDatabase database, CancellationToken cancellationToken)
    {
        Assert.Equal(BackfillStates.Failed, (await BrokenBackfillAsync(database, cancellationToken)).State);
        IDatabaseProvider provider = database.Engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var migrator = new Migrator(new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") }, provider);
        Assert.DoesNotContain(await migrator.HistoryAsync(100, cancellationToken), e => e.Action == "backfill" && e.Outcome is "pause" or "resume" or "cancel");
    }
}
