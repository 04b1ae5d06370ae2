using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of a rebuild-table on PostgreSQL.</summary>
public sealed class PostgresRebuildTableKillTests(ITestOutputHelper output) : PostgresKillSpecification(output)
{
    private protected override KillCase Case { get; } = RebuildTableKillCase.Of(Op, Rows);
}
