using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Rollouts;

public sealed class SqliteRolloutTests : RolloutSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}
