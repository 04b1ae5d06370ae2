using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>rebuild-table events "id bigint PRIMARY KEY, payload jsonb, …" up (payload "payload::jsonb") down (payload "payload::text")</c>:
/// the table copied into a shadow table with a new definition, kept in step with it from either version through the
/// window, and switched for it at complete (the old table is kept as the archive). The way to change what cannot be
/// altered in place: several column types at once, a NOT NULL or a constraint SQLite cannot add, a column order.
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The table rebuilt; it keeps its name.</param>
/// <param name="Definition">Its new column and constraint definitions, as between the parentheses of a CREATE TABLE; the same primary key columns.</param>
/// <param name="Up">Per new column, its value computed from the old row (old column names); a column of the same name in both needs none.</param>
/// <param name="Down">Per old column, its value computed from the new row (new column names), for the new version's writes; a column of the same name in both needs none.</param>
public sealed record RebuildTable(int Line, TableName Table, string Definition, IReadOnlyList<ColumnValue> Up, IReadOnlyList<ColumnValue> Down) : Operation(Line)
{
    /// <inheritdoc/>
    public override string Kind => "rebuild-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <inheritdoc/>
    public override string Text => $"rebuild-table {Table} {Quoted(Definition)}{List("up", Up)}{List("down", Down)}";

    private static string List(string word, IReadOnlyList<ColumnValue> values) =>
        values.Count == 0 ? "" : $" {word} ({string.Join(", ", values.Select(v => $"{v.Column} {Quoted(v.Expression)}"))})";
}

/// <summary>A column's value given by an expression over another shape of the same row.</summary>
/// <param name="Column">The column given a value.</param>
/// <param name="Expression">The SQL expression that computes it.</param>
public sealed record ColumnValue(string Column, string Expression);
