using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>rename-table users to accounts</c>: the new version sees the table under its new name from expand on (a view of
/// it), the old version keeps the old name; complete renames the table itself.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The table renamed.</param>
/// <param name="NewName">Its new name, in the same schema.</param>
public sealed record RenameTable(int Line, TableName Table, string NewName) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "rename-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"rename-table {Table} to {NewName}";
}
