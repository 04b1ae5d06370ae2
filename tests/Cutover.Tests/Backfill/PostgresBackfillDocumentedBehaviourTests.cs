using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Backfill;

public sealed class PostgresBackfillDocumentedBehaviourTests : BackfillDocumentedBehaviourSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override string Shown(string table) => "public." + table;
}
