using Microsoft.Playwright;

namespace Cutover.Tests.Browser;

/// <summary>A page and the browser context that only it uses; disposing closes the context, and with it the page.</summary>
public sealed class IsolatedPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
