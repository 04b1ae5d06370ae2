using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.OperationRestore;

public sealed class SqliteArchivePurgeTests : ArchivePurgeSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}
