using Microsoft.Playwright;

namespace Cutover.Tests.Browser;

/// <summary>
/// Playwright driving Debian's chromium, shared by the tests of the "browser" collection. Playwright's own browser
/// download is not reachable from CI, so the system browser is launched by path; .ci/run installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // --no-sandbox: CI runs as root, and Chromium refuses to start its sandbox as root.
    // --disable-background-networking, --disable-component-update, --disable-sync, --disable-quic: without them the
    // browser keeps calling Google services that this closed network refuses, and those refused calls crowd out the
    // test's own connections.
    // --disable-dev-shm-usage: Debian's launcher adds it only when /dev/shm is small, and its check breaks when findmnt
    // lists /dev/shm twice (as in containers); a 64 MB /dev/shm then crashes tabs.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        // Fail, not skip: a browser test that silently does not run would pass CI while proving nothing.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {ChromiumPath}, and it is missing: install it with `apt-get install chromium` (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A page in a context of its own (own cookies, storage and cache); dispose it to close both.</summary>
    public async Task<IsolatedPage> NewPageAsync(CancellationToken cancellationToken)
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser fixture is not initialized.");
        var context = await browser.NewContextAsync().WaitAsync(cancellationToken);
        try
        {
            var page = await context.NewPageAsync().WaitAsync(cancellationToken);
            return new IsolatedPage(context, page);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
