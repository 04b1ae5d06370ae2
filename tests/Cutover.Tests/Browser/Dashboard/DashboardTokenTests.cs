using System.Net;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>`cutover serve --host` beyond loopback: nothing without the printed token; the token once, then a strict cookie.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTokenTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_non_loopback_host_answers_401_without_the_token_and_takes_it_once_into_a_cookie()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var database = await DashboardDatabase.CreateAsync("sqlite", timeout.Token);
        // 0.0.0.0 listens on every address, loopback included, so the test still reaches it at 127.0.0.1.
        await using var serve = await database.ServeAsync(["--host", "0.0.0.0"], "/", HttpStatusCode.Unauthorized, timeout.Token);
        var line = await serve.WaitForLineAsync(l => l.StartsWith("dashboard: ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), timeout.Token);
        var token = line[(line.IndexOf("?token=", StringComparison.Ordinal) + "?token=".Length)..];
        Assert.Matches("^[0-9a-f]{48}$", token);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        foreach (var path in new[] { "", "migrations", $"migrations/{DashboardDatabase.Created}", "audit", "assets/bootstrap/bootstrap.min.css", "?token=" + new string('0', 48) })
        {
            using var refused = await http.GetAsync(new Uri(serve.BaseUrl, path), timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        await page.GotoAsync(new Uri(serve.BaseUrl, "migrations?token=" + token).ToString()).WaitAsync(timeout.Token);
        // Redirected to the same page without the token, which now lives only in the cookie.
        Assert.Equal(new Uri(serve.BaseUrl, "migrations").ToString(), page.Url);
        await Expect(page.Locator("#migrations tbody tr")).ToHaveCountAsync(4);
        var cookie = Assert.Single(await isolated.Context.CookiesAsync());
        Assert.Equal(token, cookie.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);

        var overview = await page.GotoAsync(serve.BaseUrl.ToString()).WaitAsync(timeout.Token);
        Assert.Equal(200, overview!.Status);
        await Expect(page.Locator("#count-failed")).ToHaveTextAsync("1");
    }
}
