using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>Twenty kills across the lifecycle of an alter-column on SQLite.</summary>
public sealed class SqliteOperationKillTests(ITestOutputHelper output) : SqliteKillSpecification(output)
{
    private protected override KillCase Case { get; } = AlterColumnKillCase.Of(Op, Rows);
}
