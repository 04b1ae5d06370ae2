using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>add-unique users (email)</c>: duplicates are counted first (expand is refused while there are any), a unique index
/// is built without blocking writes where the engine can, and complete makes it the table's unique constraint.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The table.</param>
/// <param name="Columns">The columns whose values become unique together.</param>
public sealed record AddUnique(int Line, TableName Table, IReadOnlyList<string> Columns) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "add-unique";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"add-unique {Table} ({string.Join(", ", Columns)})";

    /// <summary>The constraint's (and its index's) name, as PostgreSQL would name it: <c>&lt;table&gt;_&lt;columns&gt;_key</c>.</summary>
    public string ConstraintName => $"{Table.Name}_{string.Join("_", Columns)}_key";
}
