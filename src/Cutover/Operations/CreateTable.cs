using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>create-table audit_log "id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now()"</c>: a table only the new
/// version uses, created at expand (so that it is there for the whole window), dropped by abort, kept by complete.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The new table.</param>
/// <param name="Definition">Its column and constraint definitions, as between the parentheses of a CREATE TABLE.</param>
public sealed record CreateTable(int Line, TableName Table, string Definition) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "create-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"create-table {Table} {Quoted(Definition)}";
}
