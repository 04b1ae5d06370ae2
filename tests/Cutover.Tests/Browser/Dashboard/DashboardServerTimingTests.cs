using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Cutover.Dashboard;
using Cutover.Sqlite;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// Every dashboard response says how long its handler took (<c>Server-Timing: app;dur=&lt;ms&gt;</c>): bench/dashboard.sh
/// reads it to hold each page to its 200 ms, and browsers' developer tools show it.
/// </summary>
public sealed partial class DashboardServerTimingTests
{
    [Fact]
    public async Task Pages_and_assets_carry_a_numeric_server_timing_header()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        await using var app = await InProcessDashboard.StartAsync(
            new CutoverOptions { ConnectionString = database.ConnectionString, MigrationsFolder = Path.Combine(database.Folder, "migrations") }, new SqliteProvider(),
            web => web.MapCutoverDashboard("/cutover"), timeout.Token);

        foreach (var path in new[] { "/cutover/", "/cutover/migrations", $"/cutover/migrations/{DashboardDatabase.Broken}", "/cutover/audit?action=up", "/cutover/live.json", "/cutover/assets/dashboard/live.js" })
        {
            using var response = await app.Http.GetAsync(path, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.TryGetValues("Server-Timing", out var values), $"{path} has no Server-Timing header");
            var match = AppDuration().Match(Assert.Single(values));
            Assert.True(match.Success, $"{path}: '{string.Join(",", values)}' is not app;dur=<ms>");
            var milliseconds = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            // The page read a database and rendered HTML: some time, and not more than the whole test's.
            Assert.InRange(milliseconds, 0, 60_000);
        }
    }

    [GeneratedRegex(@"^app;dur=(\d+\.\d)$")]
    private static partial Regex AppDuration();
}
