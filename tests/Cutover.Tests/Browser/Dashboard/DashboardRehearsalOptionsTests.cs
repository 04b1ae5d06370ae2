using System.Net;
using Cutover.Dashboard;
using Cutover.Dashboard.Rehearsals;
using Cutover.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>MapCutoverDashboard's rehearsal and lint options inside an app: what the pages say without them, and where they look with them.</summary>
public sealed class DashboardRehearsalOptionsTests
{
    [Fact]
    public async Task Without_lint_the_page_says_how_to_set_it_and_a_one_pager_from_the_docs_folder_option_renders_as_text()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        var docs = Directory.CreateTempSubdirectory("cutover-docs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, $"{DashboardDatabase.Created}.md"),
            $"# {DashboardDatabase.Created}\n\n{DashboardDatabase.Script} ![x](https://example.com/x.png)\n", timeout.Token);
        await using var app = await InProcessDashboard.StartAsync(
            new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") }, new SqliteProvider(),
            web => web.MapCutoverDashboard("/ops", o => o.RehearsalDocsFolder = docs), timeout.Token);

        var page = await app.Http.GetStringAsync($"/ops/migrations/{DashboardDatabase.Created}", timeout.Token);
        Assert.Contains("id=\"lint-not-configured\"", page, StringComparison.Ordinal);
        Assert.Contains("CutoverDashboardOptions.Lint", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardDatabase.Script, page, StringComparison.Ordinal);
        // A Markdown image becomes a link: the page shows no picture it did not ship.
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/x.png\"", page, StringComparison.Ordinal);

        var other = await app.Http.GetStringAsync($"/ops/migrations/{DashboardDatabase.Hostile}", timeout.Token);
        Assert.Contains("id=\"one-pager-none\"", other, StringComparison.Ordinal);
        var rehearsals = await app.Http.GetStringAsync("/ops/rehearsals", timeout.Token);
        Assert.Contains("id=\"reports-none\"", rehearsals, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ops/migrations/{DashboardDatabase.Created}\"", rehearsals, StringComparison.Ordinal);
        using var missing = await app.Http.GetAsync("/ops/rehearsals/20260101T000000Z", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void A_relative_docs_folder_is_the_apps_content_roots()
    {
        var root = Path.Combine(Path.GetTempPath(), "cutover-app");
        var services = new ServiceCollection().AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = root }).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };

        Assert.Equal(Path.Combine(root, "docs", "migrations"), RehearsalDocsFolder.For(context, new CutoverDashboardOptions()));
        Assert.Equal("/srv/reviews", RehearsalDocsFolder.For(context, new CutoverDashboardOptions { RehearsalDocsFolder = "/srv/reviews" }));
    }
}
