using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Rollouts;

public sealed class PostgresRolloutTests : RolloutSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
}
