using Cutover.Sql;

namespace Cutover.Running;

/// <summary>Carries which statement of a step failed from the executor to the runner, which records it.</summary>
internal sealed class StatementFailure(int index, SqlStatement statement, Exception inner)
    : Exception(inner.Message, inner)
{
    public int Index { get; } = index;
    public SqlStatement Statement { get; } = statement;
}
