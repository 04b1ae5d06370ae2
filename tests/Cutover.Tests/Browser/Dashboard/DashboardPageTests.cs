using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// `cutover serve` as a user runs it, against real SQLite and PostgreSQL databases holding applied, pending, failed and
/// backfilling migrations: every page shows that state, with the security headers, and markup in migrations' SQL and
/// errors shows as text without running.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_page_shows_the_databases_state_as_text_with_the_security_headers(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var database = await DashboardDatabase.CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);

        // Loopback needs no token, and the URL printed says so.
        Assert.Contains($"dashboard: {serve.BaseUrl}", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", serve.Output, StringComparison.Ordinal);

        await VisitAsync(page, serve, "", "overview", database, timeout.Token, docsImage: "overview");
        await Expect(page.Locator("#count-applied")).ToHaveTextAsync("2");
        await Expect(page.Locator("#count-pending")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-failed")).ToHaveTextAsync("1");
        // The run stopped at a failure, so it recorded no schema: drift cannot be told, and the page says why.
        await Expect(page.Locator("#drift")).ToHaveTextAsync("unknown");
        await Expect(page.Locator("#drift-explanation")).ToContainTextAsync("no schema recorded yet");
        await Expect(page.Locator("#backfills tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#backfills tbody tr")).ToContainTextAsync($"{DashboardDatabase.Broken}/1");
        await Expect(page.Locator("#backfills tbody tr")).ToContainTextAsync("failed");
        await Expect(page.Locator("#backfills tbody tr")).ToContainTextAsync(DashboardDatabase.Script);
        await AssertNoInjectedMarkupAsync(page);
        // Bootstrap's stylesheet came from the embedded assets and the CSP let it apply: the navbar is a flex box.
        Assert.Equal("flex", await page.Locator("nav.navbar").EvaluateAsync<string>("e => getComputedStyle(e).display"));

        await VisitAsync(page, serve, "migrations", "migrations", database, timeout.Token, docsImage: "migrations");
        var rows = page.Locator("#migrations tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(Row(rows, DashboardDatabase.Created)).ToContainTextAsync("applied");
        await Expect(Row(rows, DashboardDatabase.Hostile)).ToContainTextAsync("applied");
        await Expect(Row(rows, DashboardDatabase.Broken)).ToContainTextAsync("interrupted");
        await Expect(Row(rows, DashboardDatabase.Later)).ToContainTextAsync("pending");

        await VisitAsync(page, serve, $"migrations/{DashboardDatabase.Hostile}", "migration", database, timeout.Token);
        await Expect(page.Locator("#state")).ToHaveTextAsync("applied");
        await Expect(page.Locator("#sql")).ToContainTextAsync(DashboardDatabase.Script);
        await Expect(page.Locator("#sql")).ToContainTextAsync(DashboardDatabase.Breakout);
        await Expect(page.Locator("#audit tbody tr")).ToContainTextAsync(["up"]);
        await AssertNoInjectedMarkupAsync(page);

        await VisitAsync(page, serve, $"migrations/{DashboardDatabase.Broken}", "migration-failed", database, timeout.Token, docsImage: "migration");
        await Expect(page.Locator("#state")).ToHaveTextAsync("interrupted");
        await Expect(page.Locator("#sql")).ToContainTextAsync(DashboardDatabase.Breakout);
        await Expect(page.Locator("#audit tbody tr").Filter(new() { HasText = "failed" })).ToContainTextAsync(DashboardDatabase.Breakout);
        await AssertNoInjectedMarkupAsync(page);

        await VisitAsync(page, serve, "audit", "audit", database, timeout.Token, docsImage: "audit");
        var entries = page.Locator("#audit tbody tr");
        Assert.True(await entries.CountAsync() >= 4, "the audit log shows every run's entries");
        await page.Locator("#migration").FillAsync(DashboardDatabase.Broken);
        await page.Locator("#audit-filter button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"migration={DashboardDatabase.Broken}"));
        Assert.All(await page.Locator("#audit tbody tr td:nth-child(4)").AllTextContentsAsync(), id => Assert.Equal(DashboardDatabase.Broken, id));
        await Expect(entries.First).ToContainTextAsync(DashboardDatabase.Script);
        await AssertNoInjectedMarkupAsync(page);

        await VisitAsync(page, serve, "audit?since=2999-01-01", "audit-empty", database, timeout.Token);
        await Expect(page.Locator("#audit-count")).ToHaveTextAsync("0 entries");

        complaints.AssertNone();
    }

    [Fact]
    public async Task Assets_are_served_from_the_assembly_with_caching_and_the_same_headers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        using var http = new HttpClient();

        using var css = await http.GetAsync(new Uri(serve.BaseUrl, "assets/bootstrap/bootstrap.min.css"), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bootstrap", await css.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(7), css.Headers.CacheControl?.MaxAge);
        AssertSecurityHeaders(css.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value)));

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(serve.BaseUrl, "assets/bootstrap/bootstrap.min.css"));
        again.Headers.IfNoneMatch.Add(css.Headers.ETag!);
        using var notModified = await http.SendAsync(again, timeout.Token);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var font = await http.GetAsync(new Uri(serve.BaseUrl, "assets/bootstrap-icons/fonts/bootstrap-icons.woff2"), timeout.Token);
        Assert.Equal("font/woff2", font.Content.Headers.ContentType?.MediaType);
        using var missing = await http.GetAsync(new Uri(serve.BaseUrl, "assets/bootstrap/nothing.css"), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static ILocator Row(ILocator rows, string id) => rows.Filter(new() { HasText = id });

    /// <summary>Opens <paramref name="path"/>, checks its headers and that no secret is in it, and keeps a screenshot.</summary>
    private static async Task VisitAsync(IPage page, AppProcess serve, string path, string name, DashboardDatabase database, CancellationToken cancellationToken,
        string? docsImage = null)
    {
        var response = await page.GotoAsync(new Uri(serve.BaseUrl, path).ToString()).WaitAsync(cancellationToken);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        AssertSecurityHeaders(await response.AllHeadersAsync());
        var html = await page.ContentAsync();
        if (database.Password is { } password)
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
        await Expect(page.Locator("#database")).Not.ToBeEmptyAsync();
        await Screenshots.SaveAsync(page, "dashboard-" + database.Engine, name, cancellationToken);
        // The documentation's pictures are refreshed on request, not by every run (they would change in every checkout).
        if (docsImage is not null && database.Engine == "sqlite" && Environment.GetEnvironmentVariable("CUTOVER_DOCS_IMAGES") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(RepositoryFolder.Root(), "docs", "images", $"dashboard-{docsImage}.png"),
                FullPage = true,
            }).WaitAsync(cancellationToken);
        }
    }

    private static void AssertSecurityHeaders(IReadOnlyDictionary<string, string> headers)
    {
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            headers.GetValueOrDefault("content-security-policy"));
        Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));
        Assert.Equal("no-referrer", headers.GetValueOrDefault("referrer-policy"));
        Assert.Equal("DENY", headers.GetValueOrDefault("x-frame-options"));
    }

    /// <summary>The hostile text became no element: no image with src=x, and no script but the dashboard's one file.</summary>
    private static async Task AssertNoInjectedMarkupAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(["bootstrap.bundle.min.js"], (await page.Locator("script").EvaluateAllAsync<string[]>("s => s.map(e => e.src.split('/').pop())")));
    }
}
