using System.Text;
using Cutover.Operations;
using Cutover.Schema;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// The contract of a column operation on SQLite when it must add a NOT NULL (set-not-null, a NOT NULL new column, a
/// retyped NOT NULL column), which SQLite cannot add to an existing column, or drop several columns (merge-columns,
/// several drop-columns), which would rewrite the table once per column: complete rebuilds the table in one transaction — a
/// new table with the final definition, a copy of every row, the old table dropped, the new one renamed (with
/// legacy_alter_table on, so views and foreign keys that name the table keep working), its indexes and triggers
/// recreated. The write lock is held for the copy: about a second per few hundred thousand rows.
/// </summary>
internal static class SqliteRebuild
{
    /// <summary>
    /// Whether a rebuild is cheaper than dropping columns in place: each DROP COLUMN rewrites the whole table, so two or
    /// more dropped columns cost less as one copy (a table with generated columns keeps the in-place drops: the rebuild
    /// cannot copy them).
    /// </summary>
    public static bool Pays(TableTransform t) => t.Dropped.Count > 1 && t.Table.Columns.All(c => c.Generated is null);

    /// <summary>
    /// The rebuild recreates the table's indexes and triggers as they were at expand, when its SQL was rendered: complete
    /// is refused while the table has one that expand did not see, or lacks one it saw.
    /// </summary>
    public static OperationGuard Guard(TableTransform t, SchemaModel schema)
    {
        var known = t.Table.Indexes.Select(i => i.Name).Concat(schema.Triggers.Where(tr => tr.Table == t.Table.Name).Select(tr => tr.Name)).ToList();
        var live = $"SELECT name FROM sqlite_master WHERE tbl_name = {Literal(t.Table.Name)} AND type IN ('index', 'trigger') AND name NOT LIKE 'cutover%'";
        var added = $"{live} AND sql IS NOT NULL AND name NOT IN ({string.Join(", ", known.Select(Literal))})";
        var gone = known.Count == 0 ? "" : $" UNION ALL SELECT column1 FROM (VALUES {string.Join(", ", known.Select(n => $"({Literal(n)})"))}) WHERE column1 NOT IN ({live})";
        return new OperationGuard(added + gone,
            $"index(es) or trigger(s) of {t.Table.Name} created or dropped since expand, which complete's table rebuild would not keep as they are now",
            "drop (or recreate) them as they were at expand, complete, then make that change again; or abort and expand again");
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Of(TableTransform t, SchemaModel schema)
    {
        var table = Quote(t.Table.Name);
        var rebuilt = Quote($"cutover_rebuild_{t.MigrationId}_{t.Table.Name}");
        var final = t.NewShape.ToDictionary(c => c.Physical, c => c.Name, StringComparer.Ordinal);
        string Final(string physical) => final.TryGetValue(physical, out var name) ? name : physical;

        var sql = new StringBuilder();
        sql.Append($"DROP TABLE IF EXISTS {rebuilt};\n");
        sql.Append($"CREATE TABLE {rebuilt} ({Definition(t)});\n");
        sql.Append($"INSERT INTO {rebuilt} ({string.Join(", ", t.NewShape.Select(c => Quote(c.Name)))}) SELECT {string.Join(", ", t.NewShape.Select(c => Quote(c.Physical)))} FROM {table};\n");
        sql.Append("PRAGMA legacy_alter_table = ON;\n");
        sql.Append($"DROP TABLE {table};\n");
        sql.Append($"ALTER TABLE {rebuilt} RENAME TO {table};\n");
        sql.Append("PRAGMA legacy_alter_table = OFF;\n");
        foreach (var index in t.Table.Indexes.Where(i => i.Keys.All(k => !t.Dropped.Contains(k))))
            sql.Append($"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {table} ({string.Join(", ", index.Keys.Select(k => final.ContainsKey(k) ? Quote(Final(k)) : k))})" +
                       $"{(index.Predicate is null ? "" : " WHERE " + index.Predicate)};\n");
        foreach (var trigger in schema.Triggers.Where(tr => tr.Table == t.Table.Name))
            sql.Append(trigger.Definition.TrimEnd(';', ' ', '\n')).Append(";\n");
        return sql.ToString();
    }

    /// <summary>The column and constraint definitions of the table as complete leaves it (inside <c>CREATE TABLE … (…)</c>).</summary>
    public static string Definition(TableTransform t)
    {
        if (t.Table.Columns.FirstOrDefault(c => c.Generated is not null) is { } generated)
            throw new InvalidFileException($"migration {t.MigrationId}", t.Operation.Line,
                $"{t.Operation.Kind}: {t.Table.Name}.{generated.Name} is a generated column, which the SQLite table rebuild of complete does not copy",
                "make the change with plain steps");
        var final = t.NewShape.ToDictionary(c => c.Physical, c => c.Name, StringComparer.Ordinal);
        string Final(string physical) => final.TryGetValue(physical, out var name) ? name : physical;
        var key = t.Key.Select(Final).ToList();

        string References(ForeignKeyModel fk) =>
            $"REFERENCES {Quote(fk.ReferencedTable)} ({string.Join(", ", fk.ReferencedColumns.Select(Quote))}) ON DELETE {fk.OnDelete.ToUpperInvariant()} ON UPDATE {fk.OnUpdate.ToUpperInvariant()}";
        // A one-column foreign key is declared on its column, so that a later DROP COLUMN of it takes the key along (a
        // table-level FOREIGN KEY naming a dropped column makes SQLite refuse the drop).
        var inlineKeys = t.Table.ForeignKeys.Where(f => f.Columns is [var c] && final.ContainsKey(c)).ToList();
        var columns = new List<string>();
        foreach (var shape in t.NewShape)
        {
            var added = t.Added.FirstOrDefault(a => a.Physical == shape.Physical);
            var old = t.Table.Columns.FirstOrDefault(c => c.Name == shape.Physical);
            var type = added?.Type ?? old!.Type;
            var notNull = t.RequireNotNull.Contains(shape.Name) || old is { Nullable: false };
            var @default = t.CompleteDefaults.FirstOrDefault(d => d.Column == shape.Name).Default ?? added?.Default ?? old?.Default;
            var inlineKey = key is [var only] && only == shape.Name && type.Equals("integer", StringComparison.OrdinalIgnoreCase);
            columns.Add($"{Quote(shape.Name)} {type}{(inlineKey ? " PRIMARY KEY" : "")}{(notNull && !inlineKey ? " NOT NULL" : "")}" +
                        $"{(@default is null ? "" : $" DEFAULT {@default}")}{(old?.Collation is { } collation ? $" COLLATE {collation}" : "")}" +
                        string.Concat(inlineKeys.Where(f => f.Columns[0] == shape.Physical).Select(f => " " + References(f))));
        }
        if (!(key is [var k] && columns.Any(c => c.StartsWith(Quote(k) + " ", StringComparison.Ordinal) && c.Contains(" PRIMARY KEY", StringComparison.Ordinal))))
            columns.Add($"PRIMARY KEY ({string.Join(", ", key.Select(Quote))})");
        foreach (var unique in t.Table.Uniques.Where(u => u.Columns.All(final.ContainsKey)))
            columns.Add($"UNIQUE ({string.Join(", ", unique.Columns.Select(c => Quote(Final(c))))})");
        foreach (var fk in t.Table.ForeignKeys.Where(f => f.Columns.All(final.ContainsKey) && !inlineKeys.Contains(f)))
            columns.Add($"FOREIGN KEY ({string.Join(", ", fk.Columns.Select(c => Quote(Final(c))))}) {References(fk)}");
        foreach (var check in t.Table.Checks)
            columns.Add($"CHECK ({check.Expression})");
        return string.Join(", ", columns);
    }
}
