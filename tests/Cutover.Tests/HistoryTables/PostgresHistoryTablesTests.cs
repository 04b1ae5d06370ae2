using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.HistoryTables;

public sealed class PostgresHistoryTablesTests : HistoryTablesSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
