using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of an extract-table on SQLite.</summary>
public sealed class SqliteExtractTableKillTests(ITestOutputHelper output) : SqliteKillSpecification(output)
{
    private protected override KillCase Case { get; } = ExtractTableKillCase.Of(Op, Rows, postgres: false);
}
