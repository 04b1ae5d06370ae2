using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// <c>extract-table orders (customer_name, customer_email) to customers (name, email) key customer_id</c>: a value
/// repeated across rows (story #7, a flat table normalised) moves into a new table that holds each distinct tuple once
/// (<c>customers (id, name, email, UNIQUE (name, email))</c>), and the old table gets a key column referencing it (1:n).
/// Through the window the old version writes the values and the new version writes the key, each kept in step with the
/// other; complete drops the old columns (after archiving them).
/// </summary>
/// <param name="Line">1-based line of the directive in its file (0 when built in code).</param>
/// <param name="Table">The existing table the values leave.</param>
/// <param name="Columns">The columns whose values move, in the order of <paramref name="NewColumns"/>.</param>
/// <param name="NewTable">The new table, in the same schema; its key column is <c>id</c>.</param>
/// <param name="NewColumns">The names the values take in the new table, one for each of <paramref name="Columns"/>.</param>
/// <param name="Key">The new column of <paramref name="Table"/> that references the new table's <c>id</c>.</param>
public sealed record ExtractTable(int Line, TableName Table, IReadOnlyList<string> Columns, string NewTable, IReadOnlyList<string> NewColumns, string Key) : Operation(Line)
{
    /// <summary>The new table's primary key column.</summary>
    public const string Id = "id";

    /// <inheritdoc/>
    public override string Kind => "extract-table";
    /// <inheritdoc/>
    public override TableName Table { get; } = Table;
    /// <summary>The foreign key of <see cref="Key"/> (PostgreSQL's own naming).</summary>
    public string ForeignKeyName => Truncated($"{Table.Name}_{Key}_fkey");

    /// <summary>The index on <see cref="Key"/>, which the new table's updates and deletes look rows up by.</summary>
    public string IndexName => Truncated($"{Table.Name}_{Key}_idx");

    /// <summary>The unique constraint over the new table's value columns.</summary>
    public string UniqueName => Truncated($"{NewTable}_{string.Join("_", NewColumns)}_key");

    /// <summary>PostgreSQL keeps the first 63 bytes of a name; a name is cut here so that it is the name the catalog shows.</summary>
    private static string Truncated(string name) => name.Length <= 63 ? name : name[..63];

    /// <inheritdoc/>
    public override string Text => $"extract-table {Table} ({string.Join(", ", Columns)}) to {NewTable} ({string.Join(", ", NewColumns)}) key {Key}";
}
