using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>add-foreign-key orders.user_id references users(id) [on delete cascade|set null|restrict|no action]</c>: rows that
/// would be orphans are counted first (expand is refused while there are any), new writes are held to the key from
/// expand on, existing rows are validated at complete.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The referencing table.</param>
/// <param name="Column">The referencing column.</param>
/// <param name="References">The referenced table.</param>
/// <param name="ReferencedColumn">The referenced column (its primary key, or a column with a unique constraint or index).</param>
/// <param name="OnDelete">What deleting a referenced row does: <c>cascade</c>, <c>set null</c>, <c>restrict</c>, or null for no action.</param>
public sealed record AddForeignKey(int Line, TableName Table, string Column, TableName References, string ReferencedColumn, string? OnDelete) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "add-foreign-key";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"add-foreign-key {Table}.{Column} references {References}({ReferencedColumn}){(OnDelete is null ? "" : " on delete " + OnDelete)}";

    /// <summary>The constraint's name, as PostgreSQL would name it: <c>&lt;table&gt;_&lt;column&gt;_fkey</c>.</summary>
    public string ConstraintName => $"{Table.Name}_{Column}_fkey";
}
