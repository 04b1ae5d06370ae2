using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Backfill;

public sealed class SqliteBackfillDocumentedBehaviourTests : BackfillDocumentedBehaviourSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}
