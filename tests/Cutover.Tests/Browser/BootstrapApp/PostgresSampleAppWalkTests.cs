using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Browser.BootstrapApp;

public sealed class PostgresSampleAppWalkTests(BrowserFixture browser) : SampleAppWalkSpecification(browser)
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override string Engine => "postgres";

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
