using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.HistoryTables;

public sealed class SqliteHistoryTablesTests : HistoryTablesSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}
