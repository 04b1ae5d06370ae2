using System.Globalization;
using System.Net;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>A page that cannot be read answers 500 pointing at the terminal, and the terminal says why.</summary>
public sealed class DashboardErrorTests
{
    [Fact]
    public async Task A_database_that_cannot_be_opened_gives_500_and_an_error_line_on_stderr()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var folder = Directory.CreateTempSubdirectory("cutover-dashboard-").FullName;
        // A file in a folder that does not exist: SQLite cannot create it, so every page's read fails.
        var connection = $"Data Source={Path.Combine(folder, "no-such-folder", "app.db")}";
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        var config = Path.Combine(folder, "cutover.json");
        await File.WriteAllTextAsync(config, "{\"migrations\": \"migrations\"}", timeout.Token);
        await using var serve = await AppProcess.StartAsync(DashboardDatabase.CliDll, ["serve", "--config", config, "--connection", connection], new Dictionary<string, string>(), "/",
            TimeSpan.FromSeconds(60), timeout.Token, port => ["--port", port.ToString(CultureInfo.InvariantCulture)], HttpStatusCode.InternalServerError);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "migrations"), timeout.Token);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("the terminal running `cutover serve` says why", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        var line = await serve.WaitForLineAsync(l => l.StartsWith("error: GET /migrations: ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), timeout.Token);
        Assert.Contains("app.db", line, StringComparison.Ordinal);
    }
}
