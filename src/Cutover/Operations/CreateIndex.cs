using Cutover.Sql;

namespace Cutover.Operations;

/// <summary><c>create-index orders_user_idx on orders (user_id, created_at)</c>: built without blocking writes where the engine can.</summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Name">The index.</param>
/// <param name="Table">The table indexed.</param>
/// <param name="Columns">Its key columns, in order.</param>
public sealed record CreateIndex(int Line, string Name, TableName Table, IReadOnlyList<string> Columns) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "create-index";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"create-index {Name} on {Table} ({string.Join(", ", Columns)})";
}
