using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.OperationRestore;

public sealed class PostgresArchivePurgeTests : ArchivePurgeSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
