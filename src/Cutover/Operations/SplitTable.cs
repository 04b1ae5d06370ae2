using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>split-table users to user_profiles (bio, avatar_url, theme) key user_id</c>: columns move into a new 1:1 table
/// keyed by the old table's primary key. Through the window every row of the old table has its row in the new one,
/// kept in step with the old columns from either side; complete drops the old columns (after archiving them).
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The existing table the columns leave.</param>
/// <param name="NewTable">The new table, in the same schema.</param>
/// <param name="Columns">The columns that move, with their types, defaults and NOT NULLs.</param>
/// <param name="Key">The new table's key column: the old table's primary key value, referencing it.</param>
public sealed record SplitTable(int Line, TableName Table, string NewTable, IReadOnlyList<string> Columns, string Key) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "split-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"split-table {Table} to {NewTable} ({string.Join(", ", Columns)}) key {Key}";
}
