using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of an alter-column on PostgreSQL.</summary>
public sealed class PostgresOperationKillTests(ITestOutputHelper output) : PostgresKillSpecification(output)
{
    private protected override KillCase Case { get; } = AlterColumnKillCase.Of(Op, Rows);
}
