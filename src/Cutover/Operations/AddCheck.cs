using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>add-check orders total_not_negative "total &gt;= 0"</c>: rows that break it are counted first (expand is refused
/// while there are any), new writes are held to it from expand on, existing rows are validated at complete.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The table.</param>
/// <param name="Name">The constraint's name.</param>
/// <param name="Expression">The condition over the row's columns (NULL passes, as in a CHECK constraint).</param>
public sealed record AddCheck(int Line, TableName Table, string Name, string Expression) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "add-check";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"add-check {Table} {Name} {Quoted(Expression)}";
}
