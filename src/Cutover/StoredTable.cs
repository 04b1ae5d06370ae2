namespace Cutover;

/// <summary>One of Cutover's own tables, defined once by the engine and rendered as DDL by each provider.</summary>
/// <param name="Name">The table's name (unquoted; all of them start with <c>cutover_</c>, which is how schema reading leaves them out).</param>
/// <param name="Columns">Its columns, in order.</param>
public sealed record StoredTable(string Name, IReadOnlyList<StoredColumn> Columns)
{
    /// <summary>
    /// The common rendering, for a provider whose engine has <c>CREATE TABLE IF NOT EXISTS</c>: each column as its name,
    /// <paramref name="typeName"/>'s type, then <c>PRIMARY KEY</c> or <c>NOT NULL</c>, and <c>DEFAULT 0</c>; an
    /// <see cref="StoredType.Identity"/> column as its name and <paramref name="identityDefinition"/> (type and key).
    /// </summary>
    public string CreateIfMissingSql(Func<StoredType, string> typeName, string identityDefinition)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var columns = Columns.Select(c => c.Type == StoredType.Identity
            ? $"{c.Name} {identityDefinition}"
            : $"{c.Name} {typeName(c.Type)}{(c.PrimaryKey ? " PRIMARY KEY" : c.Nullable ? "" : " NOT NULL")}{(c.DefaultZero ? " DEFAULT 0" : "")}");
        return $"CREATE TABLE IF NOT EXISTS {Name} ({string.Join(", ", columns)})";
    }
}

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
