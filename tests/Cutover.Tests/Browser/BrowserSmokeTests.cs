using Microsoft.Playwright;

namespace Cutover.Tests.Browser;

/// <summary>
/// Proves the browser setup itself: the system chromium starts under Playwright, runs a page's script, is read back
/// through locators, and leaves a screenshot behind.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(BrowserFixture browser)
{
    // The script builds the rows, so an empty table means the script did not run (or broke), not that the HTML is wrong.
    private const string MigrationsPage = """
        <!doctype html>
        <html>
        <head><title>migrations</title></head>
        <body>
          <table id="migrations">
            <thead><tr><th>id</th><th>name</th><th>state</th></tr></thead>
            <tbody></tbody>
          </table>
          <script>
            const migrations = [
              ["0001", "create_users", "applied"],
              ["0002", "add_email_index", "applied"],
              ["0003", "split_name_columns", "pending"],
            ];
            const body = document.querySelector("#migrations tbody");
            for (const migration of migrations) {
              const row = body.insertRow();
              for (const cell of migration) row.insertCell().textContent = cell;
            }
          </script>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_page_script_fills_a_table_that_locators_read_back_and_a_screenshot_keeps()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        // A script error does not fail SetContentAsync; collected here, it fails the test with the browser's own message.
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        await page.SetContentAsync(MigrationsPage).WaitAsync(timeout.Token);

        Assert.True(scriptErrors.Count == 0, "the page's script failed:\n" + string.Join("\n", scriptErrors));
        var rows = page.Locator("#migrations tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(
            ["0001 create_users applied", "0002 add_email_index applied", "0003 split_name_columns pending"],
            await RowTextsAsync(rows));
        await Assertions.Expect(rows.Nth(2).Locator("td").Nth(2)).ToHaveTextAsync("pending");

        var screenshot = await Screenshots.SaveAsync(page, "smoke", "migrations-table", timeout.Token);
        var file = new FileInfo(screenshot);
        Assert.True(file.Exists, $"no screenshot at {screenshot}");
        Assert.True(file.Length > 0, $"empty screenshot at {screenshot}");
    }

    private static async Task<string[]> RowTextsAsync(ILocator rows)
    {
        var texts = new List<string>();
        foreach (var row in await rows.AllAsync())
            texts.Add(string.Join(' ', await row.Locator("td").AllTextContentsAsync()));
        return [.. texts];
    }
}
