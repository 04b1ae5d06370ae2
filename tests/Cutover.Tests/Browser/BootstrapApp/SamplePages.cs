using System.Globalization;
using Microsoft.Playwright;

namespace Cutover.Tests.Browser.BootstrapApp;

/// <summary>
/// The sample's pages read in a real browser through their markup contract (samples/bootstrap-app/README.md): each check
/// fails on an error page, a missing or empty table, a wrong row, or the wrong version or shape.
/// </summary>
internal sealed class SamplePages(IPage page, string group, CancellationToken cancellationToken)
{
    private static readonly string[] UserColumns = ["email", "display_name", "user_group", "company", "location"];

    /// <summary>Opens <paramref name="path"/> signed in as <paramref name="user"/>; returns the shape the page says served it.</summary>
    public async Task<string> OpenAsync(AppProcess app, string version, string path, string user)
    {
        var response = await page.GotoAsync(new Uri(app.BaseUrl, $"{path}?as={user}").ToString());
        Assert.NotNull(response);
        if (!response.Ok || await page.Locator("#error").CountAsync() > 0)
        {
            var error = await page.Locator("#error").CountAsync() > 0 ? await page.Locator("#error").InnerTextAsync() : "(no #error element)";
            Assert.Fail($"{version} {path} as {user}: HTTP {response.Status}: {error.Trim()}");
        }
        Assert.Equal(version, await page.Locator("body").GetAttributeAsync("data-app-version"));
        // Bootstrap's stylesheet, bundled from npm and served by the app itself, is loaded and applied.
        Assert.False(string.IsNullOrWhiteSpace(await page.EvaluateAsync<string>("getComputedStyle(document.body).getPropertyValue('--bs-body-font-family')")),
            $"{version} {path}: Bootstrap's stylesheet did not load");
        return await page.Locator("body").GetAttributeAsync("data-shape") ?? "<no data-shape>";
    }

    /// <summary>The users page shows every user, each with the values the database holds, on the expected shape.</summary>
    public async Task CheckUsersAsync(AppProcess app, string version, string user, string shape, IReadOnlyList<ExpectedUser> expected)
    {
        Assert.Equal(shape, await OpenAsync(app, version, "/users", user));
        var rows = await page.EvalOnSelectorAllAsync<string[]>("#users tbody tr",
            "(rows, cols) => rows.map(r => [r.dataset.user, ...cols.map(c => r.querySelector(`[data-col=${c}]`)?.textContent.trim() ?? '<missing>')].join('|'))",
            UserColumns);
        Assert.NotEmpty(rows);
        Assert.Equal(expected.Select(u => string.Join('|', u.Name, u.Email, u.DisplayName, u.Group, u.Company, u.Location)), rows);
    }

    /// <summary>Saves a new location on a user's profile form and waits for the confirmation.</summary>
    public async Task SaveLocationAsync(AppProcess app, string version, string user, long id, string location)
    {
        await OpenAsync(app, version, string.Create(CultureInfo.InvariantCulture, $"/users/{id}"), user);
        await page.Locator("#profile [name=location]").FillAsync(location);
        await page.Locator("#save").ClickAsync();
        await page.Locator("#saved").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(0, await page.Locator("#error").CountAsync());
        Assert.Equal(location, await page.Locator("#profile [name=location]").InputValueAsync());
    }

    /// <summary>The location the users page shows for <paramref name="name"/>.</summary>
    public async Task<string> LocationAsync(AppProcess app, string version, string user, string name)
    {
        await OpenAsync(app, version, "/users", user);
        return (await page.Locator($"#users tr[data-user='{name}'] [data-col=location]").InnerTextAsync()).Trim();
    }

    /// <summary>Every row of the admin permissions page as "name|permissions", checked to be all there and none blank.</summary>
    public async Task<IReadOnlyList<string>> PermissionsAsync(AppProcess app, string version, string user, string shape, int users)
    {
        Assert.Equal(shape, await OpenAsync(app, version, "/admin/permissions", user));
        var rows = await page.EvalOnSelectorAllAsync<string[]>("#permissions tbody tr",
            "rows => rows.map(r => r.dataset.user + '|' + (r.querySelector('[data-col=permissions]')?.textContent.trim() ?? ''))");
        Assert.Equal(users, rows.Length);
        Assert.DoesNotContain(rows, r => r.EndsWith('|'));
        return rows;
    }

    /// <summary>Waits until <paramref name="version"/> serves <paramref name="user"/> the <paramref name="shape"/> (a rollout change reaches it within its refresh interval).</summary>
    public async Task WaitForShapeAsync(AppProcess app, string version, string path, string user, string shape)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string seen;
        while ((seen = await OpenAsync(app, version, path, user)) != shape && DateTime.UtcNow < deadline)
            await Task.Delay(200, cancellationToken);
        Assert.True(seen == shape, $"{version} {path} as {user} still served the {seen} shape 10 s after the change, not the {shape} one");
    }

    public Task<string> ScreenshotAsync(string name) => Screenshots.SaveAsync(page, group, name, cancellationToken);
}
