using System.Text;
using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// Undoing a completed column operation on PostgreSQL, while its archive is kept: the old columns come back (at the end
/// of the table) with their type, default and NOT NULL, filled from the down expressions over the new columns, or from
/// the archive by key for a column that was only dropped; the new columns are dropped and renamed ones renamed back. One
/// no-transaction step, statement by statement: the fills take row locks only, never a table lock held across them.
/// </summary>
internal static class PostgresRestore
{
    public static string Of(TableTransform t, ArchivedData? archive)
    {
        var table = $"{Quote(t.Table.Schema)}.{Quote(t.Table.Name)}";
        var sql = new StringBuilder("-- cutover:down no-transaction\n");
        foreach (var name in t.Dropped)
        {
            var old = t.Table.Columns.First(c => c.Name == name);
            sql.Append($"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {Quote(Temporary(name))} {old.Type};\n");
            if (t.Restored.FirstOrDefault(r => r.Name == name) is { } restored)
                sql.Append($"UPDATE {table} SET {Quote(Temporary(name))} = {FromArchiveOrDown(t, table, archive, name, restored.Down)};\n");
            else if (archive is not null)
                sql.Append($"UPDATE {table} SET {Quote(Temporary(name))} = a.{Quote(name)} FROM {archive.Table} a WHERE {string.Join(" AND ", t.Key.Select(k => $"a.{Quote(k)} = {table}.{Quote(k)}"))};\n");
        }
        foreach (var added in t.Added)
            sql.Append($"ALTER TABLE {table} DROP COLUMN IF EXISTS {Quote(added.Final)};\n");
        foreach (var (from, to) in t.Renames.Where(r => !t.Added.Any(a => a.Physical == r.From)))
            sql.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(to)} TO {Quote(from)};\n");
        foreach (var name in t.Dropped)
        {
            var old = t.Table.Columns.First(c => c.Name == name);
            sql.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(Temporary(name))} TO {Quote(name)};\n");
            if (old.Default is { } d)
                sql.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(name)} SET DEFAULT {d};\n");
            if (!old.Nullable)
                sql.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(name)} SET NOT NULL;\n");
        }
        foreach (var column in t.RequireNotNull.Where(c => !t.Added.Any(a => a.Final == c) && t.Table.Columns.Any(o => o.Name == c && o.Nullable)))
            sql.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(column)} DROP NOT NULL;\n");
        if (archive is not null)
            sql.Append($"DROP TABLE IF EXISTS {archive.Table};\n");
        return sql.ToString();
    }

    /// <summary>
    /// The columns a completed split-table or extract-table moved out of <paramref name="source"/>, added back at the end
    /// of the table with their type, collation and default (existing rows get the default until the fill); each
    /// statement holds its lock for a catalog change only, and a rerun skips what is there.
    /// </summary>
    public static string AddBack(Cutover.Schema.TableModel source, IEnumerable<Cutover.Schema.ColumnModel> columns) => string.Concat(columns.Select(c =>
        $"ALTER TABLE {Quote(source.Schema)}.{Quote(source.Name)} ADD COLUMN IF NOT EXISTS {Quote(c.Name)} {c.Type}" +
        $"{(c.Collation is null ? "" : " COLLATE " + Quote(c.Collation))}{(c.Default is null ? "" : " DEFAULT " + c.Default)};\n"));

    /// <summary>
    /// After the fill: NOT NULL where the columns had it, and the indexes that used them (complete's DROP COLUMN dropped
    /// them) built again, concurrently (an invalid one a killed build left is dropped first).
    /// </summary>
    public static string Reinstate(Cutover.Schema.TableModel source, IReadOnlyCollection<Cutover.Schema.ColumnModel> columns)
    {
        var sql = new StringBuilder();
        foreach (var c in columns.Where(c => !c.Nullable))
            sql.Append($"ALTER TABLE {Quote(source.Schema)}.{Quote(source.Name)} ALTER COLUMN {Quote(c.Name)} SET NOT NULL;\n");
        foreach (var index in source.Indexes.Where(i => columns.Any(c => i.Uses(c.Name))))
            sql.Append(PostgresCreateIndex.DropInvalid(source.Schema, index.Name)).Append(CreateIndex(source, index, "CONCURRENTLY IF NOT EXISTS ")).Append(";\n");
        return sql.ToString();
    }

    private static string Temporary(string column) => "_cutover_old_" + column;

    /// <summary>
    /// The old value of a row: as archived when the row's new columns are what they were at complete (the new version has
    /// not changed it since, so the exact old value stands), otherwise what the down expression makes of the new columns.
    /// </summary>
    private static string FromArchiveOrDown(TableTransform t, string table, ArchivedData? archive, string column, string down)
    {
        if (archive is null)
            return $"({down})";
        var same = string.Join(" AND ", t.ArchivedColumns.Select(c => c.Name == c.Source && t.Key.Contains(c.Source)
                ? $"a.{Quote(c.Name)} = {table}.{Quote(c.Source)}"
                : c.Name.StartsWith("cutover_new_", StringComparison.Ordinal) ? $"a.{Quote(c.Name)} IS NOT DISTINCT FROM {table}.{Quote(c.Name["cutover_new_".Length..])}" : null)
            .OfType<string>());
        return $"CASE WHEN EXISTS (SELECT 1 FROM {archive.Table} a WHERE {same}) THEN (SELECT a.{Quote(column)} FROM {archive.Table} a WHERE {same}) ELSE ({down}) END";
    }
}
