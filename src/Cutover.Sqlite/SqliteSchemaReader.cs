using System.Text.RegularExpressions;
using Cutover.Schema;
using Cutover.Sql;
using Microsoft.Data.Sqlite;

namespace Cutover.Sqlite;

/// <summary>
/// Reads a SQLite database into the schema model: pragma table-valued functions joined to sqlite_schema
/// (one query per kind, whatever the number of tables), plus the CREATE text for what pragmas omit.
/// </summary>
internal static partial class SqliteSchemaReader
{
    // SQLite has one schema per database file; the model leaves it empty so names render unqualified.
    private const string Schema = "";
    private const string UserTables = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE 'cutover\\_%' ESCAPE '\\'";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static async Task<SchemaModel> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var objects = await RowsAsync(connection,
            "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.tbl_name NOT LIKE 'cutover\\_%' ESCAPE '\\' AND m.name NOT LIKE 'cutover\\_%' ESCAPE '\\' AND m.sql IS NOT NULL",
            cancellationToken).ConfigureAwait(false);
        var columns = await RowsAsync(connection,
            $"SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE {UserTables} ORDER BY m.name, p.cid",
            cancellationToken).ConfigureAwait(false);
        var foreignKeys = await RowsAsync(connection,
            $"SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE {UserTables} ORDER BY m.name, f.id, f.seq",
            cancellationToken).ConfigureAwait(false);
        var indexes = await RowsAsync(connection,
            $"SELECT m.name, il.name, il.\"unique\", il.origin FROM sqlite_schema m JOIN pragma_index_list(m.name) il WHERE {UserTables} AND il.name NOT LIKE 'cutover\\_%' ESCAPE '\\'",
            cancellationToken).ConfigureAwait(false);
        var indexColumns = await RowsAsync(connection,
            $"SELECT il.name, ii.name FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii WHERE {UserTables} ORDER BY il.name, ii.seqno",
            cancellationToken).ConfigureAwait(false);

        var sqlOf = objects.ToDictionary(o => ((string)o[0]!, (string)o[1]!), o => (string)o[3]!);
        var columnsOf = columns.ToLookup(c => (string)c[0]!);
        var keyColumns = indexColumns.ToLookup(c => (string)c[0]!, c => (string)c[1]!);
        var tables = new List<TableModel>();
        foreach (var table in objects.Where(o => (string)o[0]! == "table").Select(o => (string)o[1]!))
        {
            var definition = TableDefinition.Parse(sqlOf[("table", table)]);
            var cols = columnsOf[table].ToList();
            var pkColumns = cols.Where(c => Convert.ToInt64(c[5]) > 0).OrderBy(c => Convert.ToInt64(c[5])).Select(c => (string)c[1]!).ToList();
            var rowidAlias = pkColumns.Count == 1 && cols.Any(c => (string)c[1]! == pkColumns[0] && NormaliseType((string)c[2]!) == "integer");
            var model = cols.Select(c =>
            {
                var name = (string)c[1]!;
                var hidden = Convert.ToInt64(c[6]);
                definition.Columns.TryGetValue(name, out var extra);
                var generated = hidden is 2 or 3 && extra?.Generated is { } expression ? expression + (hidden == 2 ? " VIRTUAL" : "") : null;
                var nullable = Convert.ToInt64(c[3]) == 0 && !(rowidAlias && name == pkColumns[0]);
                return new ColumnModel(name, NormaliseType((string)c[2]!), nullable, c[4] as string, null, generated, extra?.Collation, null);
            }).ToList();

            var uniques = indexes.Where(i => (string)i[0]! == table && (string)i[3]! == "u")
                .Select(i => keyColumns[(string)i[1]!].ToList())
                .Select(k => new KeyModel(definition.UniqueNames.GetValueOrDefault(string.Join('\0', k)), k)).ToList();
            var plain = indexes.Where(i => (string)i[0]! == table && (string)i[3]! == "c").Select(i =>
            {
                var name = (string)i[1]!;
                var (keys, predicate) = SqliteDefinition.Index(sqlOf[("index", name)]);
                return new IndexModel(name, Convert.ToInt64(i[2]) == 1, keys, predicate, null);
            }).ToList();
            var fks = foreignKeys.Where(f => (string)f[0]! == table).GroupBy(f => Convert.ToInt64(f[1])).Select(g =>
            {
                var first = g.First();
                var referenced = (string)first[2]!;
                var to = g.Select(f => f[4] as string).ToList();
                // A reference without columns means the referenced table's primary key.
                var refColumns = to.Any(t => t is null)
                    ? columns.Where(c => (string)c[0]! == referenced && Convert.ToInt64(c[5]) > 0).OrderBy(c => Convert.ToInt64(c[5])).Select(c => (string)c[1]!).ToList()
                    : to.Select(t => t!).ToList();
                return new ForeignKeyModel(null, g.Select(f => (string)f[3]!).ToList(), Schema, referenced, refColumns,
                    ((string)first[6]!).ToLowerInvariant(), ((string)first[5]!).ToLowerInvariant());
            }).ToList();

            tables.Add(new TableModel(Schema, table, model,
                pkColumns.Count == 0 ? null : new KeyModel(definition.PrimaryKeyName, pkColumns),
                fks, uniques, definition.Checks, plain.OrderBy(i => i.Name, StringComparer.Ordinal).ToList(), null));
        }

        var views = objects.Where(o => (string)o[0]! == "view")
            .Select(o => new ViewModel(Schema, (string)o[1]!, SqliteDefinition.ViewQuery((string)o[3]!), false)).ToList();
        var triggers = objects.Where(o => (string)o[0]! == "trigger")
            .Select(o => new TriggerModel(Schema, (string)o[2]!, (string)o[1]!, (string)o[3]!)).ToList();
        return new SchemaModel(tables, views, [], [], [], [], triggers);
    }

    /// <summary>SQLite keeps declared types as written: compare them lower-case with single spaces.</summary>
    internal static string NormaliseType(string declared) =>
        Spaces().Replace(declared.Trim().ToLowerInvariant(), " ").Replace(" (", "(", StringComparison.Ordinal)
            .Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);

    private static async Task<List<object?[]>> RowsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await CatalogRows.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the CREATE TABLE text says beyond the pragmas.</summary>
    private sealed record TableDefinition(
        Dictionary<string, ColumnExtra> Columns, List<CheckModel> Checks, string? PrimaryKeyName, Dictionary<string, string> UniqueNames)
    {
        public static TableDefinition Parse(string createSql)
        {
            var shape = StatementShape.Parse(createSql, SqlDialect.Sqlite);
            var columns = shape.Columns.ToDictionary(
                c => c.Name, c => new ColumnExtra(c.Collation, c.Generated is { } generated ? SqliteDefinition.Text(generated) : null), StringComparer.Ordinal);
            var constraints = shape.Columns.SelectMany(c => c.Constraints).Concat(shape.Constraints).ToList();
            // Column and table checks interleave in the text; the model keeps them in the order written.
            var checks = constraints.Where(c => c.Kind == ConstraintKind.Check)
                .OrderBy(c => c.Expression.Count > 0 ? c.Expression[0].Start : 0)
                .Select(c => new CheckModel(c.Name, SqliteDefinition.Text(c.Expression))).ToList();
            var pkName = constraints.LastOrDefault(c => c.Kind == ConstraintKind.PrimaryKey && c.Name is not null)?.Name;
            var uniqueNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var unique in constraints.Where(c => c.Kind == ConstraintKind.Unique))
            {
                if (unique.Name is { } name)
                    uniqueNames[string.Join('\0', unique.Columns)] = name;
            }
            return new TableDefinition(columns, checks, pkName, uniqueNames);
        }
    }

    private sealed record ColumnExtra(string? Collation, string? Generated);
}
