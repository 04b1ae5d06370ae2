namespace Cutover.Tests.Browser;

/// <summary>
/// The "browser" collection: its tests share one Chromium process (starting it costs about a second) and get a fresh
/// context each, so no cookie or storage leaks from one test to the next.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
