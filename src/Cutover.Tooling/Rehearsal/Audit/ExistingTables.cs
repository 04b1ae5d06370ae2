using System.Data.Common;
using System.Globalization;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>A table on the copy: its columns in order and its primary key (empty when it has none).</summary>
internal sealed record ExistingTable(IReadOnlyList<string> Columns, IReadOnlyList<string> Key);

/// <summary>
/// Reads, once per table, whether it exists on the copy, its columns and its primary key: the key names the
/// violating rows in the sample. One catalog query per table and engine.
/// </summary>
internal sealed class ExistingTables(ReadOnlyTransaction transaction, SqlDialect dialect)
{
    // PostgreSQL: to_regclass resolves the name as the server would (search_path, quoting) and is NULL, not
    // an error, for a table that does not exist.
    private const string PostgresColumns = """
        SELECT a.attname,
               COALESCE((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) WHERE k.attnum = a.attnum), 0)
        FROM pg_attribute a
        LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
        WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private readonly Dictionary<string, ExistingTable?> _tables = new(StringComparer.Ordinal);

    /// <summary>Column names compare as the engine compares identifiers.</summary>
    public StringComparer Names { get; } = dialect == SqlDialect.Sqlite ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The table, or null when it does not exist on the copy.</summary>
    /// <exception cref="DbException">The catalog query failed.</exception>
    public async Task<ExistingTable?> FindAsync(TableName table, CancellationToken cancellationToken)
    {
        if (_tables.TryGetValue(table.Sql, out var known))
            return known;
        var (sql, parameters) = dialect switch
        {
            SqlDialect.Postgres => (PostgresColumns, new[] { ("@table", (object?)table.Sql) }),
            _ when table.Schema is null => ("SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid", [("@table", table.Name)]),
            _ => ("SELECT name, pk FROM pragma_table_info(@table, @schema) ORDER BY cid", [("@table", table.Name), ("@schema", table.Schema)]),
        };
        var result = await transaction.QueryAsync(sql, cancellationToken, parameters).ConfigureAwait(false);
        static long KeyPosition(object?[] row) => Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
        var found = result.Rows.Count == 0 ? null : new ExistingTable(
            result.Rows.Select(r => (string)r[0]!).ToList(),
            result.Rows.Where(r => KeyPosition(r) > 0).OrderBy(KeyPosition).Select(r => (string)r[0]!).ToList());
        _tables[table.Sql] = found;
        return found;
    }
}
