using System.Net;
using Cutover.Tests.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// `cutover serve` after a real `cutover rehearse`, on SQLite and PostgreSQL: a migration's page shows the lint findings
/// `cutover check` gives for its file and the one-pager the rehearsal wrote (markup in it stays text), and the rehearsals
/// page lists the kept report and shows it; a name that is not a listed report is 404.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardRehearsalTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_rehearsals_report_and_one_pager_and_a_migrations_lint_findings_show_as_text(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var database = await RehearsedDatabase.CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);

        // Before any rehearsal: the lint findings are there already (they need only the file); the rest says what to run.
        await GotoAsync(page, serve, $"migrations/{RehearsedDatabase.Reviewed}", timeout.Token);
        await AssertLintAsync(page);
        await Expect(page.Locator("#one-pager-none")).ToContainTextAsync("cutover rehearse");
        await GotoAsync(page, serve, "rehearsals", timeout.Token);
        await Expect(page.Locator("#reports-none")).ToContainTextAsync("cutover rehearse");
        await Expect(page.Locator("#one-pagers-none")).ToContainTextAsync("cutover rehearse");

        var rehearsal = await CliRunner.RunAsync(database.Folder, "rehearse", "--config", database.ConfigPath);
        Assert.True(rehearsal.ExitCode == 0, rehearsal.Stdout + rehearsal.Stderr);

        await GotoAsync(page, serve, $"migrations/{RehearsedDatabase.Reviewed}", timeout.Token);
        await AssertLintAsync(page);
        var onePager = page.Locator("#one-pager");
        await Expect(onePager.Locator("h1")).ToContainTextAsync($"{RehearsedDatabase.Reviewed} review notes");
        await Expect(onePager.Locator("h2").First).ToHaveTextAsync("Why");
        // The header's markup is the one-pager's text, not its elements; the SQL's too, in its code block.
        await Expect(onePager).ToContainTextAsync($"{DashboardDatabase.Script} and {DashboardDatabase.Breakout}");
        await Expect(onePager.Locator("pre code").First).ToContainTextAsync(DashboardDatabase.Breakout);
        // The checklist is rendered, and the link to javascript: kept its words but lost its address.
        Assert.True(await onePager.Locator("input[type=checkbox]").CountAsync() > 0, "the checklist renders as checkboxes");
        await Expect(onePager.Locator("a", new() { HasText = "click me" })).ToHaveAttributeAsync("href", "#");
        await AssertNoInjectedMarkupAsync(page);
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "migration-reviewed", timeout.Token);

        await GotoAsync(page, serve, "rehearsals", timeout.Token);
        var reports = page.Locator("#reports tbody tr");
        await Expect(reports).ToHaveCountAsync(1);
        await Expect(reports.First).ToContainTextAsync("passed");
        await Expect(page.Locator("#one-pagers li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#one-pagers li")).ToContainTextAsync($"{RehearsedDatabase.Reviewed} review_notes");
        await Expect(page.Locator("nav .nav-link.active")).ToContainTextAsync("Rehearsals");
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "rehearsals", timeout.Token);
        await DocsImageAsync(page, engine, "rehearsals", timeout.Token);

        await reports.First.Locator("a").ClickAsync();
        await Expect(page.Locator("#report h1")).ToHaveTextAsync("Rehearsal: passed");
        // The summary's tables are tables, with Bootstrap's look.
        await Expect(page.Locator("#report table.table").First).ToBeVisibleAsync();
        await Expect(page.Locator("#report")).ToContainTextAsync($"{RehearsedDatabase.Reviewed}_review_notes");
        await AssertNoInjectedMarkupAsync(page);
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "rehearsal-report", timeout.Token);

        await GotoAsync(page, serve, "rehearsals", timeout.Token);
        await page.Locator("#one-pagers a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(serve.BaseUrl, $"migrations/{RehearsedDatabase.Reviewed}").ToString());

        // Only names the folder lists are reports: a way out of it (<docs>/rehearsals/../../.. is the config's folder), or
        // a file beside them, is 404.
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };
        foreach (var name in new[] { "..%2F..%2Fcutover.json", "..%2F..%2F..%2Fcutover.json", "..%2F..%2Fmigrations%2F" + RehearsedDatabase.Reviewed + "_review_notes.sql", "rehearsals", "cutover" })
        {
            using var response = await http.GetAsync("rehearsals/" + name, timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"rehearsals/{name}: {response.StatusCode}");
        }
        complaints.AssertNone();
    }

    /// <summary>The findings `cutover check` gives for the file: a warning at its line, and an allowed rule with its reason.</summary>
    private static async Task AssertLintAsync(IPage page)
    {
        var rows = page.Locator("#lint tbody tr");
        var warning = rows.Filter(new() { HasText = "data-change-in-up" });
        await Expect(warning).ToHaveCountAsync(1);
        await Expect(warning.Locator("td").Nth(0)).ToHaveTextAsync("warning");
        await Expect(warning.Locator("td").Nth(2)).ToHaveTextAsync("7");
        var allowed = rows.Filter(new() { HasText = "whole-table-change" });
        await Expect(allowed.Locator("td").Nth(0)).ToHaveTextAsync("allowed");
        await Expect(allowed).ToContainTextAsync("allowed: notes holds three rows");
    }

    private static async Task GotoAsync(IPage page, AppProcess serve, string path, CancellationToken cancellationToken)
    {
        var response = await page.GotoAsync(new Uri(serve.BaseUrl, path).ToString()).WaitAsync(cancellationToken);
        Assert.Equal(200, response?.Status);
    }

    private static async Task DocsImageAsync(IPage page, string engine, string name, CancellationToken cancellationToken)
    {
        // The documentation's pictures are refreshed on request, as the other pages' are.
        if (engine == "sqlite" && Environment.GetEnvironmentVariable("CUTOVER_DOCS_IMAGES") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(RepositoryFolder.Root(), "docs", "images", $"dashboard-{name}.png"),
                FullPage = true,
            }).WaitAsync(cancellationToken);
        }
    }

    /// <summary>No image (the breakout's, or a Markdown one) and no script but the dashboard's one file.</summary>
    private static async Task AssertNoInjectedMarkupAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(["bootstrap.bundle.min.js"], await page.Locator("script").EvaluateAllAsync<string[]>("s => s.map(e => e.src.split('/').pop())"));
    }
}
