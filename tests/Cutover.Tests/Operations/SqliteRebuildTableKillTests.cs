using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of a rebuild-table on SQLite.</summary>
public sealed class SqliteRebuildTableKillTests(ITestOutputHelper output) : SqliteKillSpecification(output)
{
    private protected override KillCase Case { get; } = RebuildTableKillCase.Of(Op, Rows);
}
