using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Browser.BootstrapApp;

public sealed class SqliteSampleAppWalkTests(BrowserFixture browser) : SampleAppWalkSpecification(browser)
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override string Engine => "sqlite";

    // Pooled, as the app's own connections are.
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={SqliteFiles.NewPath()}");
}
