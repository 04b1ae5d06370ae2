using System.Net;
using Cutover.Dashboard;
using Cutover.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>MapCutoverDashboard inside an app of its own: under a prefix, beside the app's pages, every link following it.</summary>
public sealed class DashboardMountTests
{
    [Fact]
    public async Task Mounted_under_a_prefix_the_pages_links_and_assets_follow_it_and_the_apps_own_routes_stay()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        RouteGroupBuilder? group = null;
        await using var app = await InProcessDashboard.StartAsync(
            new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") }, new SqliteProvider(),
            web =>
            {
                web.MapGet("/", () => "the app's own home");
                // A trailing slash is the same prefix.
                group = web.MapCutoverDashboard("/ops/cutover/");
            }, timeout.Token);
        Assert.NotNull(group);
        var http = app.Http;

        Assert.Equal("the app's own home", await http.GetStringAsync("/", timeout.Token));
        var overview = await http.GetStringAsync("/ops/cutover/", timeout.Token);
        Assert.Contains("href=\"/ops/cutover/migrations\"", overview, StringComparison.Ordinal);
        Assert.Contains("href=\"/ops/cutover/audit\"", overview, StringComparison.Ordinal);
        Assert.Contains("href=\"/ops/cutover/assets/bootstrap/bootstrap.min.css\"", overview, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ops/cutover/migrations/{DashboardDatabase.Broken}\"", overview, StringComparison.Ordinal);
        using var css = await http.GetAsync("/ops/cutover/assets/bootstrap/bootstrap.min.css", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);

        var migration = await http.GetStringAsync($"/ops/cutover/migrations/{DashboardDatabase.Hostile}", timeout.Token);
        Assert.Contains($"href=\"/ops/cutover/audit?migration={DashboardDatabase.Hostile}\"", migration, StringComparison.Ordinal);
        // Encoded, never raw: the script tag is there only as text.
        Assert.DoesNotContain(DashboardDatabase.Script, migration, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", migration, StringComparison.Ordinal);

        using var unknown = await http.GetAsync("/ops/cutover/migrations/29990101000000", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(unknown.Headers.Contains("Content-Security-Policy"), "a 404 of the dashboard carries its headers too");
    }
}
