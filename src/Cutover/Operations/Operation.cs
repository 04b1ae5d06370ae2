using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// A declared zero-downtime change (<c>-- cutover:op &lt;kind&gt; …</c>): what to change, not the SQL. Each engine's
/// provider turns it into the SQL of its phases — expand, complete, abort, restore — and the checks that verify it
/// (<see cref="IOperationSql"/>). Plain data: one sealed record per kind.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
public abstract record Operation(int Line)
{
    /// <summary>The kind as written after <c>-- cutover:op</c>, e.g. <c>rename-column</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The existing table the operation changes (created tables are not listed: nothing reads them yet).</summary>
    public abstract TableName Table { get; }

    /// <summary>The directive as it would be written in a file.</summary>
    public abstract string Text { get; }

    /// <summary>An expression in a directive, in double quotes with inner double quotes doubled.</summary>
    internal static string Quoted(string expression) => "\"" + expression.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A new column computed from the row it belongs to.</summary>
/// <param name="Name">The new column.</param>
/// <param name="Type">Its type, as the engine writes it.</param>
/// <param name="Up">How its value is computed from the old columns of the same row.</param>
public sealed record DerivedColumn(string Name, string Type, string Up);

/// <summary>An old column recomputed from the new ones when the new shape writes.</summary>
/// <param name="Name">The old column.</param>
/// <param name="Down">How its value is computed from the new columns of the same row.</param>
public sealed record RestoredColumn(string Name, string Down);

/// <summary><c>add-column users.role text [not null] [default "'member'"] [up "expr"]</c>: a new column, filled for existing rows.</summary>
public sealed record AddColumn(int Line, TableName Table, string Column, string Type, bool NotNull, string? Default, string? Up) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "add-column";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"add-column {Table}.{Column} {Type}{(NotNull ? " not null" : "")}{(Default is null ? "" : " default " + Quoted(Default))}{(Up is null ? "" : " up " + Quoted(Up))}";
}

/// <summary><c>rename-column users.name to full_name</c>: the new version sees the new name, the old one the old name.</summary>
public sealed record RenameColumn(int Line, TableName Table, string Column, string NewName) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "rename-column";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"rename-column {Table}.{Column} to {NewName}";
}

/// <summary><c>alter-column orders.total type numeric(12,2) up "…" down "…"</c>: a new type, both kept in step through the window.</summary>
public sealed record AlterColumn(int Line, TableName Table, string Column, string Type, string Up, string Down) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "alter-column";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"alter-column {Table}.{Column} type {Type} up {Quoted(Up)} down {Quoted(Down)}";
}

/// <summary><c>split-column users.name into (first_name text up "…", last_name text up "…") down "…"</c>.</summary>
public sealed record SplitColumn(int Line, TableName Table, string Column, IReadOnlyList<DerivedColumn> Into, string Down) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "split-column";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text =>
        $"split-column {Table}.{Column} into ({string.Join(", ", Into.Select(c => $"{c.Name} {c.Type} up {Quoted(c.Up)}"))}) down {Quoted(Down)}";
}

/// <summary><c>merge-columns users (first_name, last_name) into name text up "…" down (first_name "…", last_name "…")</c>.</summary>
public sealed record MergeColumns(int Line, TableName Table, IReadOnlyList<RestoredColumn> Columns, DerivedColumn Into) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "merge-columns";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text =>
        $"merge-columns {Table} ({string.Join(", ", Columns.Select(c => c.Name))}) into {Into.Name} {Into.Type} up {Quoted(Into.Up)} " +
        $"down ({string.Join(", ", Columns.Select(c => $"{c.Name} {Quoted(c.Down)}"))})";
}

/// <summary><c>set-not-null users.email [up "…"]</c>: existing and newly written NULLs get the up value, then the column is required.</summary>
public sealed record SetNotNull(int Line, TableName Table, string Column, string? Up) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "set-not-null";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"set-not-null {Table}.{Column}{(Up is null ? "" : " up " + Quoted(Up))}";
}

/// <summary><c>drop-column users.legacy</c>: hidden from the new version at expand, dropped (and archived) at complete.</summary>
public sealed record DropColumn(int Line, TableName Table, string Column) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "drop-column";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"drop-column {Table}.{Column}";
}
