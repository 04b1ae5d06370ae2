using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>drop-table legacy_sessions</c>: the new version stops using the table at expand; complete archives it (renames it
/// to <c>cutover_archive_&lt;id&gt;_&lt;table&gt;</c>, kept for the retention window) rather than dropping it.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The table dropped.</param>
public sealed record DropTable(int Line, TableName Table) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "drop-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"drop-table {Table}";
}
