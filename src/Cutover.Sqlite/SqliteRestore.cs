using System.Text;
using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// Undoing a completed column operation on SQLite, while its archive is kept: the old columns come back (at the end of
/// the table, with their type and a constant default; NOT NULL cannot be added to an existing SQLite column without a
/// rebuild, so they come back nullable), filled from the down expressions over the new columns, or from the archive by
/// key for a column that was only dropped; the new columns are dropped and renamed ones renamed back.
/// </summary>
internal static class SqliteRestore
{
    public static string Of(TableTransform t, ArchivedData? archive)
    {
        var table = Quote(t.Table.Name);
        var sql = new StringBuilder("-- cutover:down\n");
        foreach (var name in t.Dropped)
        {
            var old = t.Table.Columns.First(c => c.Name == name);
            sql.Append($"ALTER TABLE {table} ADD COLUMN {Quote(Temporary(name))} {old.Type}{(old.Default is { } d ? " DEFAULT " + d : "")};\n");
            if (t.Restored.FirstOrDefault(r => r.Name == name) is { } restored)
                sql.Append($"UPDATE {table} SET {Quote(Temporary(name))} = {FromArchiveOrDown(t, table, archive, name, restored.Down)};\n");
            else if (archive is not null)
                sql.Append($"UPDATE {table} SET {Quote(Temporary(name))} = (SELECT a.{Quote(name)} FROM {archive.Table} a WHERE {string.Join(" AND ", t.Key.Select(k => $"a.{Quote(k)} = {table}.{Quote(k)}"))});\n");
        }
        foreach (var added in t.Added)
            sql.Append($"ALTER TABLE {table} DROP COLUMN {Quote(added.Final)};\n");
        foreach (var (from, to) in t.Renames.Where(r => !t.Added.Any(a => a.Physical == r.From)))
            sql.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(to)} TO {Quote(from)};\n");
        foreach (var name in t.Dropped)
            sql.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(Temporary(name))} TO {Quote(name)};\n");
        if (archive is not null)
            sql.Append($"DROP TABLE IF EXISTS {archive.Table};\n");
        return sql.ToString();
    }

    /// <summary>
    /// The columns a completed split-table or extract-table moved out of <paramref name="source"/>, added back at the end
    /// of the table with their type and default (nullable: see above).
    /// </summary>
    public static string AddBack(Cutover.Schema.TableModel source, IEnumerable<Cutover.Schema.ColumnModel> columns) => string.Concat(columns.Select(c =>
        $"ALTER TABLE {Quote(source.Name)} ADD COLUMN {Quote(c.Name)} {c.Type}{(c.Default is { } d ? " DEFAULT " + d : "")}{(c.Collation is null ? "" : " COLLATE " + c.Collation)};\n"));

    /// <summary>The indexes that used <paramref name="columns"/> (complete dropped them), built again after the fill.</summary>
    public static string Reinstate(Cutover.Schema.TableModel source, IReadOnlyCollection<Cutover.Schema.ColumnModel> columns) =>
        string.Concat(source.Indexes.Where(i => columns.Any(c => i.Uses(c.Name))).Select(i => Cutover.Schema.SchemaText.CreateIndex(source, i, "IF NOT EXISTS ") + ";\n"));

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
                : c.Name.StartsWith("cutover_new_", StringComparison.Ordinal) ? $"a.{Quote(c.Name)} IS {table}.{Quote(c.Name["cutover_new_".Length..])}" : null)
            .OfType<string>());
        return $"CASE WHEN EXISTS (SELECT 1 FROM {archive.Table} a WHERE {same}) THEN (SELECT a.{Quote(column)} FROM {archive.Table} a WHERE {same}) ELSE ({down}) END";
    }
}
