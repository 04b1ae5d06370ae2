using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of an extract-table on PostgreSQL.</summary>
public sealed class PostgresExtractTableKillTests(ITestOutputHelper output) : PostgresKillSpecification(output)
{
    private protected override KillCase Case { get; } = ExtractTableKillCase.Of(Op, Rows, postgres: true);
}
