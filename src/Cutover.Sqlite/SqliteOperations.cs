using System.Text;
using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// Declared operations in SQLite SQL. SQLite has no schemas to put a second shape in and no BEFORE trigger that can
/// change the row, so: the old version keeps writing the table, and AFTER triggers (guarded by WHEN, safe with
/// recursive_triggers on) derive the new columns from the old; the new version's shape is a view in the database,
/// <c>cutover_v&lt;id&gt;_&lt;table&gt;</c>, whose INSTEAD OF triggers write both shapes at once; and a connection of the
/// new version gets the table's own name for that view from TEMP views and triggers (TEMP objects come first in
/// SQLite's name lookup), created on the connection by the shape statements.
/// </summary>
internal static class SqliteOperations
{
    public static OperationPlan Plan(TableTransform t, Cutover.Schema.SchemaModel schema)
    {
        if (t.DropNotNull.Count > 0)
            throw new InvalidFileException(OperationPath(t), t.Operation.Line,
                $"{t.Operation.Kind}: {string.Join(", ", t.DropNotNull)} is NOT NULL without a default, so the new version could not insert rows without it, " +
                "and making it nullable needs a table rebuild on SQLite, which operations do not do yet",
                "give the column a default (or make it nullable) with plain steps in an earlier migration, then drop it");
        // A new column with a constant default can be NOT NULL from the start (ADD COLUMN allows it); any other NOT NULL
        // waits for complete's table rebuild.
        var inPlace = t.Added.Where(a => a.Default is not null && a.Up is null && t.RequireNotNull.Contains(a.Final)).ToList();
        var notNullInPlace = inPlace.Select(a => a.Physical).ToHashSet();
        var table = Quote(t.Table.Name);
        var view = Quote(ViewName(t));
        var derived = t.Added.Where(a => a.Up is not null).ToList();
        var key = t.Key;
        var triggers = new List<string>();

        var expand = new StringBuilder("-- cutover:up\n");
        foreach (var added in t.Added)
            expand.Append($"ALTER TABLE {table} ADD COLUMN {Quote(added.Physical)} {added.Type}{(notNullInPlace.Contains(added.Physical) ? " NOT NULL" : "")}{(added.Default is null ? "" : " DEFAULT " + added.Default)};\n");

        // The old version's writes: derive the new columns from the old ones.
        var oldRow = string.Join(", ", t.Table.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var byKey = string.Join(" AND ", key.Select(k => $"{Quote(k)} = NEW.{Quote(k)}"));
        string SetDerived(IEnumerable<AddedColumn> columns) =>
            $"UPDATE {table} SET ({string.Join(", ", columns.Select(a => Quote(a.Physical)))}) = (SELECT {string.Join(", ", columns.Select(a => $"({a.Up})"))} FROM (SELECT {oldRow})) WHERE {byKey};";
        if (derived.Count > 0 && t.Restored.Count == 0)
        {
            foreach (var a in derived)
            {
                var when = $"NEW.{Quote(a.Physical)} IS NULL AND (SELECT ({a.Up}) FROM (SELECT {oldRow})) IS NOT NULL";
                triggers.Add(Quote(t.ObjectName(a.Physical + "_insert")));
                expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER INSERT ON {table} FOR EACH ROW WHEN {when} BEGIN {SetDerived([a])} END;\n");
                triggers.Add(Quote(t.ObjectName(a.Physical + "_update")));
                expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER UPDATE ON {table} FOR EACH ROW WHEN {when} BEGIN {SetDerived([a])} END;\n");
            }
        }
        else if (derived.Count > 0)
        {
            var allNewNull = string.Join(" AND ", derived.Select(a => $"NEW.{Quote(a.Physical)} IS NULL"));
            var oldChanged = string.Join(" OR ", t.Restored.Select(r => $"NEW.{Quote(r.Name)} IS NOT OLD.{Quote(r.Name)}"));
            var newUnchanged = string.Join(" AND ", derived.Select(a => $"NEW.{Quote(a.Physical)} IS OLD.{Quote(a.Physical)}"));
            triggers.Add(Quote(t.ObjectName("insert")));
            expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER INSERT ON {table} FOR EACH ROW WHEN {allNewNull} BEGIN {SetDerived(derived)} END;\n");
            triggers.Add(Quote(t.ObjectName("update")));
            expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER UPDATE OF {string.Join(", ", t.Restored.Select(r => Quote(r.Name)))} ON {table} FOR EACH ROW " +
                          $"WHEN ({oldChanged}) AND ({newUnchanged}) BEGIN {SetDerived(derived)} END;\n");
        }
        if (t.Fill is { } fill)
        {
            var when = $"NEW.{Quote(fill.Column)} IS NULL AND (SELECT ({fill.Up}) FROM (SELECT {oldRow})) IS NOT NULL";
            var set = $"UPDATE {table} SET {Quote(fill.Column)} = (SELECT ({fill.Up}) FROM (SELECT {oldRow})) WHERE {byKey};";
            triggers.Add(Quote(t.ObjectName("fill_insert")));
            expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER INSERT ON {table} FOR EACH ROW WHEN {when} BEGIN {set} END;\n");
            triggers.Add(Quote(t.ObjectName("fill_update")));
            expand.Append($"CREATE TRIGGER {triggers[^1]} AFTER UPDATE ON {table} FOR EACH ROW WHEN {when} BEGIN {set} END;\n");
        }

        // The new version's shape: a view whose INSTEAD OF triggers write the new columns and derive the old ones.
        expand.Append($"CREATE VIEW {view} AS SELECT {string.Join(", ", t.NewShape.Select(c => $"{Quote(c.Physical)} AS {Quote(c.Name)}"))} FROM {table};\n");
        var newRow = string.Join(", ", t.NewShape.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var restored = t.Restored.Select(r => (Column: r.Name, Value: $"(SELECT ({r.Down}) FROM (SELECT {newRow}))")).ToList();
        var written = t.NewShape.Select(c => (Column: c.Physical, Value: WithDefault(t, c.Physical, $"NEW.{Quote(c.Name)}"))).Concat(restored).ToList();
        var updated = t.NewShape.Select(c => (Column: c.Physical, Value: $"NEW.{Quote(c.Name)}")).Concat(restored).ToList();
        var shapeKey = key.Select(k => t.NewShape.First(c => c.Physical == k).Name).ToList();
        var byOldKey = string.Join(" AND ", key.Select((k, i) => $"{Quote(k)} = OLD.{Quote(shapeKey[i])}"));
        triggers.Add(Quote(ViewName(t) + "_insert"));
        expand.Append($"CREATE TRIGGER {triggers[^1]} INSTEAD OF INSERT ON {view} FOR EACH ROW BEGIN INSERT INTO {table} ({string.Join(", ", written.Select(w => Quote(w.Column)))}) " +
                      $"VALUES ({string.Join(", ", written.Select(w => w.Value))}); END;\n");
        triggers.Add(Quote(ViewName(t) + "_update"));
        expand.Append($"CREATE TRIGGER {triggers[^1]} INSTEAD OF UPDATE ON {view} FOR EACH ROW BEGIN UPDATE {table} SET " +
                      $"{string.Join(", ", updated.Select(w => $"{Quote(w.Column)} = {w.Value}"))} WHERE {byOldKey}; END;\n");
        triggers.Add(Quote(ViewName(t) + "_delete"));
        expand.Append($"CREATE TRIGGER {triggers[^1]} INSTEAD OF DELETE ON {view} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {byOldKey}; END;\n");
        if (t.NeedsBackfill)
            expand.Append($"-- cutover:backfill {table}\n{Backfill(t, table, derived)};\n");

        var removeObjects = string.Concat(triggers.Select(tr => $"DROP TRIGGER IF EXISTS {tr};\n")) + $"DROP VIEW IF EXISTS {view};\n";
        var abort = new StringBuilder("-- cutover:down\n").Append(removeObjects);
        foreach (var added in t.Added)
            abort.Append($"ALTER TABLE {table} DROP COLUMN {Quote(added.Physical)};\n");

        var archiveName = $"cutover_archive_{t.MigrationId}_{t.Table.Name}";
        var archive = t.Dropped.Count == 0 ? null : new ArchivedData(Quote(archiveName),
            $"CREATE TABLE {Quote(archiveName)} AS SELECT {string.Join(", ", t.ArchivedColumns.Select(c => $"{Quote(c.Source)} AS {Quote(c.Name)}"))} FROM {table}");
        // One transaction: the archive copy, the sync triggers and the view gone, the old shape dropped — an interrupted
        // complete leaves the expanded state whole, with both shapes still kept in step.
        var complete = new StringBuilder("-- cutover:up\n");
        if (archive is not null)
            complete.Append($"DROP TABLE IF EXISTS {archive.Table};\n{archive.Create};\n");
        complete.Append(removeObjects);
        var rebuild = t.RequireNotNull.Except(inPlace.Select(a => a.Final)).Any() || SqliteRebuild.Pays(t);
        if (rebuild)
            complete.Append(SqliteRebuild.Of(t, schema));
        else
            DropAndRename(complete, t, table);

        var checks = Mismatch(t, table, derived, newRow: string.Join(", ", t.NewShape.Select(c => $"{table}.{Quote(c.Physical)} AS {Quote(c.Name)}"))) is { } mismatch
            ? new[] { new OperationCheck(table, mismatch, $"UPDATE {table} SET {Derive(t, derived)} WHERE {mismatch} AND {{batch}}") }
            : [];
        var columns = t.NewShape.Select(c => Quote(c.Name)).ToList();
        var byShapeKey = string.Join(" AND ", shapeKey.Select(k => $"{Quote(k)} = OLD.{Quote(k)}"));
        var alias = Quote(t.Table.Name);
        var shape = new[]
        {
            SqliteTempAlias.Guard(view),
            $"CREATE TEMP VIEW IF NOT EXISTS {alias} AS SELECT * FROM {view}",
            $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(ViewName(t) + "_temp_insert")} INSTEAD OF INSERT ON {alias} BEGIN INSERT INTO {view} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "NEW." + c))}); END",
            $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(ViewName(t) + "_temp_update")} INSTEAD OF UPDATE ON {alias} BEGIN UPDATE {view} SET {string.Join(", ", columns.Select(c => $"{c} = NEW.{c}"))} WHERE {byShapeKey}; END",
            $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(ViewName(t) + "_temp_delete")} INSTEAD OF DELETE ON {alias} BEGIN DELETE FROM {view} WHERE {byShapeKey}; END",
        };
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(), checks, shape, archive)
            { CompleteGuards = rebuild ? [SqliteRebuild.Guard(t, schema)] : [] };
    }

    /// <summary>The contract in place: indexes on dropped columns, then the columns, dropped; temporary names renamed to final ones.</summary>
    private static void DropAndRename(StringBuilder complete, TableTransform t, string table)
    {
        // An index on a dropped column would make DROP COLUMN fail; match the column as a whole word of the key (an
        // index on notes_count has nothing to do with dropping note).
        foreach (var index in t.Table.Indexes.Where(i => t.Dropped.Any(i.Uses)))
            complete.Append($"DROP INDEX IF EXISTS {Quote(index.Name)};\n");
        foreach (var column in t.Dropped)
            complete.Append($"ALTER TABLE {table} DROP COLUMN {Quote(column)};\n");
        foreach (var (from, to) in t.Renames)
            complete.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(from)} TO {Quote(to)};\n");
        if (t.Dropped.Count == 0 && t.Renames.Count == 0)
            complete.Append($"-- {t.Operation.Kind}: nothing of the old shape to drop\n");
    }

    private static string OperationPath(TableTransform t) => $"migration {t.MigrationId}";

    /// <summary>The view that holds the new version's shape of the table.</summary>
    private static string ViewName(TableTransform t) => $"cutover_v{t.MigrationId}_{t.Table.Name}";

    /// <summary>A value the new version left out (NULL through a view) gets the column's default, as an INSERT into the table would.</summary>
    private static string WithDefault(TableTransform t, string physical, string value) =>
        t.Table.Columns.FirstOrDefault(c => c.Name == physical) is { Default: { } d } ? $"coalesce({value}, {d})"
        : t.Added.FirstOrDefault(a => a.Physical == physical) is { Default: { } ad } ? $"coalesce({value}, {ad})"
        : value;

    private static string Derive(TableTransform t, IReadOnlyList<AddedColumn> derived) =>
        string.Join(", ", derived.Select(a => $"{Quote(a.Physical)} = ({a.Up})")
            .Concat(t.Fill is { } f ? [$"{Quote(f.Column)} = coalesce({Quote(f.Column)}, ({f.Up}))"] : []));

    private static string Backfill(TableTransform t, string table, IReadOnlyList<AddedColumn> derived)
    {
        var conditions = new List<string>();
        if (derived.Count > 0)
            conditions.Add("(" + string.Join(" AND ", derived.Select(a => $"{Quote(a.Physical)} IS NULL")) + ")");
        if (t.Fill is { } fill)
            conditions.Add($"{Quote(fill.Column)} IS NULL");
        return $"UPDATE {table} SET {Derive(t, derived)} WHERE ({string.Join(" OR ", conditions)}) AND {{batch}}";
    }

    private static string? Mismatch(TableTransform t, string table, IReadOnlyList<AddedColumn> derived, string newRow)
    {
        var parts = new List<string>();
        if (derived.Count > 0 && t.Restored.Count == 0)
            parts.Add("(" + string.Join(" OR ", derived.Select(a => $"({table}.{Quote(a.Physical)} IS NULL AND ({a.Up}) IS NOT NULL)")) + ")");
        else if (derived.Count > 0)
        {
            var upWrong = string.Join(" OR ", derived.Select(a => $"{table}.{Quote(a.Physical)} IS NOT CAST(({a.Up}) AS {a.Type})"));
            var downWrong = string.Join(" OR ", t.Restored.Select(r =>
                $"{table}.{Quote(r.Name)} IS NOT (SELECT CAST(({r.Down}) AS {TypeOf(t, r.Name)}) FROM (SELECT {newRow}))"));
            parts.Add($"(({upWrong}) AND ({downWrong}))");
        }
        if (t.Fill is { } fill)
            parts.Add($"{table}.{Quote(fill.Column)} IS NULL");
        return parts.Count == 0 ? null : "(" + string.Join(" OR ", parts) + ")";
    }

    private static string TypeOf(TableTransform t, string column) => t.Table.Columns.First(c => c.Name == column).Type is { Length: > 0 } type ? type : "BLOB";
}
