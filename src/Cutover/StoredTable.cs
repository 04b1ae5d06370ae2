namespace Cutover;

/// <summary>One of Cutover's own tables, defined once by the engine and rendered as DDL by each provider.</summary>
/// <param name="Name">The table's name (unquoted; all of them start with <c>cutover_</c>, which is how schema reading leaves them out).</param>
/// <param name="Columns">Its columns, in order.</param>
public sealed record StoredTable(string Name, IReadOnlyList<StoredColumn> Columns);

/// <summary>A column of one of Cutover's own tables.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">What it holds; the provider picks the engine's type for it.</param>
/// <param name="Nullable">Whether it may be NULL.</param>
/// <param name="PrimaryKey">Whether it is the table's primary key (one column at most).</param>
/// <param name="DefaultZero">Whether it defaults to 0 (counters added to rows written before they existed).</param>
public sealed record StoredColumn(string Name, StoredType Type, bool Nullable = false, bool PrimaryKey = false, bool DefaultZero = false);

/// <summary>What a column of Cutover's own tables holds, and so what the engine writes into it.</summary>
public enum StoredType
{
    /// <summary>Text of any length (the engine writes strings).</summary>
    Text,
    /// <summary>A 32-bit integer (the engine writes <see cref="int"/>).</summary>
    Integer,
    /// <summary>A 64-bit integer (the engine writes <see cref="long"/>).</summary>
    BigInteger,
    /// <summary>A UTC point in time (the engine writes a <see cref="DateTime"/> of kind UTC).</summary>
    Timestamp,
    /// <summary>A 64-bit key the database assigns in increasing order on insert; always the primary key.</summary>
    Identity,
}
