using System.Text;
using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// rebuild-table in SQLite: copy-and-switch through a shadow table, the one way SQLite changes a column's type, adds a
/// NOT NULL or a constraint to an existing table. Expand creates <c>cutover_shadow_&lt;id&gt;_&lt;table&gt;</c> with
/// the new definition; AFTER triggers on the old table upsert or delete the shadow row through the up expressions,
/// AFTER triggers on the shadow carry writes back through the down expressions. Each write is guarded by IS NOT, and
/// SQLite does not run a trigger already on the stack (recursive_triggers off), so a round trip stops after one leg.
/// The new version's shape is a view of the shadow, <c>cutover_v&lt;id&gt;_&lt;table&gt;</c>, whose INSTEAD OF
/// triggers write it (with the definition's defaults for what a statement leaves out), given the table's own name on
/// a connection by a TEMP view (the shape statements). The backfill copies existing rows (ON CONFLICT DO NOTHING).
/// Complete, one transaction: the triggers and view dropped, the old table's indexes dropped, the old table renamed to
/// its archive name and the shadow to the table's, with legacy_alter_table on so that the foreign keys, views and
/// triggers that name the table keep naming it (now the rebuilt one); the indexes and the table's own triggers made again.
/// </summary>
internal static class SqliteRebuildTable
{
    public static OperationPlan Plan(OperationTarget target, RebuildTable op)
    {
        var source = target.Table;
        var id = target.MigrationId;
        var rebuilt = RebuiltTable.Of(target.Path, op, source, SqlDialect.Sqlite, StringComparer.OrdinalIgnoreCase);
        var table = Quote(source.Name);
        var shadowName = $"cutover_shadow_{id}_{source.Name}";
        var shadow = Quote(shadowName);
        var archiveName = Quote($"cutover_archive_{id}_{source.Name}");
        var viewName = $"cutover_v{id}_{source.Name}";
        var view = Quote(viewName);
        string Object(string suffix) => Quote($"cutover_{id}_{source.Name}_{suffix}");

        var key = rebuilt.Key.Select(Quote).ToList();
        var newColumns = rebuilt.Columns.Select(c => Quote(c.Name)).ToList();
        var restored = rebuilt.Restored.Select(r => Quote(r.Name)).ToList();
        var oldRow = string.Join(", ", source.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var newRow = string.Join(", ", rebuilt.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        string ByKey(string row) => string.Join(" AND ", key.Select(k => $"{k} = {row}.{k}"));
        string KeyChanged() => string.Join(" OR ", key.Select(k => $"NEW.{k} IS NOT OLD.{k}"));
        // WHERE true: without it SQLite would read ON CONFLICT as a join's ON.
        string Upsert(string into, IReadOnlyList<string> columns, IEnumerable<string> values, string row) =>
            $"INSERT INTO {into} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values.Select(v => $"({v})"))} FROM (SELECT {row}) WHERE true " +
            $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", columns.Select(c => $"{c} = excluded.{c}"))} " +
            $"WHERE {string.Join(" OR ", columns.Select(c => $"{into}.{c} IS NOT excluded.{c}"))};";
        var triggers = new List<string>();
        string Trigger(string name, string definition)
        {
            triggers.Add(name);
            return $"CREATE TRIGGER {name} {definition};\n";
        }

        var expand = new StringBuilder("-- cutover:up\n");
        expand.Append($"CREATE TABLE {shadow} ({op.Definition});\n");
        // The expressions are checked now (the columns they name), not at the first write of either version.
        expand.Append($"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE false;\n");
        expand.Append($"INSERT INTO {table} ({string.Join(", ", restored)}) SELECT {string.Join(", ", rebuilt.Restored.Select(r => $"({r.Down})"))} FROM {shadow} WHERE false;\n");
        // The old version's writes, through the up expressions.
        var toShadow = Upsert(shadow, newColumns, rebuilt.Columns.Select(c => c.Up), oldRow);
        expand.Append(Trigger(Object("rebuild_insert"), $"AFTER INSERT ON {table} FOR EACH ROW BEGIN {toShadow} END"));
        expand.Append(Trigger(Object("rebuild_update"), $"AFTER UPDATE ON {table} FOR EACH ROW BEGIN DELETE FROM {shadow} WHERE ({KeyChanged()}) AND {ByKey("OLD")}; {toShadow} END"));
        expand.Append(Trigger(Object("rebuild_delete"), $"AFTER DELETE ON {table} FOR EACH ROW BEGIN DELETE FROM {shadow} WHERE {ByKey("OLD")}; END"));
        // The new version's writes (and any other write of the shadow), back through the down expressions.
        var toOld = Upsert(table, restored, rebuilt.Restored.Select(r => r.Down), newRow);
        expand.Append(Trigger(Object("rebuild_back_insert"), $"AFTER INSERT ON {shadow} FOR EACH ROW BEGIN {toOld} END"));
        expand.Append(Trigger(Object("rebuild_back_update"), $"AFTER UPDATE ON {shadow} FOR EACH ROW BEGIN DELETE FROM {table} WHERE ({KeyChanged()}) AND {ByKey("OLD")}; {toOld} END"));
        expand.Append(Trigger(Object("rebuild_back_delete"), $"AFTER DELETE ON {shadow} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {ByKey("OLD")}; END"));

        // The new version's table: a view of the shadow. A value a statement leaves out arrives as NULL through a view: it gets the default.
        var all = rebuilt.Columns;
        expand.Append($"CREATE VIEW {view} AS SELECT * FROM {shadow};\n");
        expand.Append(Trigger(Quote(viewName + "_insert"), $"INSTEAD OF INSERT ON {view} FOR EACH ROW BEGIN INSERT INTO {shadow} ({string.Join(", ", newColumns)}) " +
                                                           $"VALUES ({string.Join(", ", all.Select(c => c.Default is null ? $"NEW.{Quote(c.Name)}" : $"coalesce(NEW.{Quote(c.Name)}, {c.Default})"))}); END"));
        expand.Append(Trigger(Quote(viewName + "_update"), $"INSTEAD OF UPDATE ON {view} FOR EACH ROW BEGIN UPDATE {shadow} SET {string.Join(", ", newColumns.Select(c => $"{c} = NEW.{c}"))} WHERE {ByKey("OLD")}; END"));
        expand.Append(Trigger(Quote(viewName + "_delete"), $"INSTEAD OF DELETE ON {view} FOR EACH ROW BEGIN DELETE FROM {shadow} WHERE {ByKey("OLD")}; END"));
        expand.Append($"-- cutover:backfill {table}\n");
        expand.Append($"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE {{batch}} ON CONFLICT DO NOTHING;\n");

        var removeShape = string.Concat(triggers.Select(t => $"DROP TRIGGER IF EXISTS {t};\n")) + $"DROP VIEW IF EXISTS {view};\n";
        var abort = new StringBuilder("-- cutover:down\n").Append(removeShape).Append($"DROP TABLE IF EXISTS {shadow};\n");

        // One transaction. The archive keeps the old rows but not the indexes, whose names the rebuilt table takes.
        var complete = new StringBuilder("-- cutover:up\n").Append(removeShape);
        var kept = source.Indexes.Where(i => i.Keys.All(k => rebuilt.Columns.Any(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase)))).ToList();
        foreach (var index in source.Indexes)
            complete.Append($"DROP INDEX IF EXISTS {Quote(index.Name)};\n");
        var ownTriggers = target.Schema.Triggers.Where(t => t.Table == source.Name).ToList();
        foreach (var trigger in ownTriggers)
            complete.Append($"DROP TRIGGER IF EXISTS {Quote(trigger.Name)};\n");
        complete.Append("PRAGMA legacy_alter_table = ON;\n")
            .Append($"ALTER TABLE {table} RENAME TO {archiveName};\n")
            .Append($"ALTER TABLE {shadow} RENAME TO {table};\n")
            .Append("PRAGMA legacy_alter_table = OFF;\n");
        foreach (var index in kept)
            complete.Append($"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {table} ({string.Join(", ", index.Keys.Select(Quote))}){(index.Predicate is null ? "" : " WHERE " + index.Predicate)};\n");
        foreach (var trigger in ownTriggers)
            complete.Append(trigger.Definition.TrimEnd(';', ' ', '\n')).Append(";\n");

        // Undoing the completed rebuild while the archive is kept: the archive takes the rows as the new version left
        // them (through the down expressions) and becomes the table again, with its indexes and triggers.
        var restore = new StringBuilder("-- cutover:down\n")
            .Append($"DELETE FROM {archiveName} WHERE NOT EXISTS (SELECT 1 FROM {table} AS cutover_new WHERE {string.Join(" AND ", key.Select(k => $"cutover_new.{k} = {archiveName}.{k}"))});\n")
            .Append($"INSERT INTO {archiveName} ({string.Join(", ", restored)}) SELECT {string.Join(", ", rebuilt.Restored.Select(r => $"({r.Down})"))} FROM {table} WHERE true " +
                    $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", restored.Select(c => $"{c} = excluded.{c}"))};\n")
            .Append("PRAGMA legacy_alter_table = ON;\n")
            .Append($"DROP TABLE {table};\n")
            .Append($"ALTER TABLE {archiveName} RENAME TO {table};\n")
            .Append("PRAGMA legacy_alter_table = OFF;\n");
        foreach (var index in source.Indexes)
            restore.Append($"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {table} ({string.Join(", ", index.Keys.Select(Quote))}){(index.Predicate is null ? "" : " WHERE " + index.Predicate)};\n");
        foreach (var trigger in ownTriggers)
            restore.Append(trigger.Definition.TrimEnd(';', ' ', '\n')).Append(";\n");

        var mismatch = Mismatch(table, shadow, rebuilt, source);
        var repair = $"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE {mismatch} AND {{batch}} " +
                     $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", newColumns.Select(c => $"{c} = excluded.{c}"))}";
        var shape = SqliteTempAlias.Statements(source.Name, viewName, rebuilt.Columns.Select(c => c.Name).ToList(), rebuilt.Key).ToList();
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(), [new OperationCheck(table, mismatch, repair)], shape,
            new ArchivedData(archiveName, $"ALTER TABLE {table} RENAME TO {archiveName}"))
        {
            Restore = restore.ToString(),
        };
    }

    /// <summary>
    /// A row of the old table whose shadow row is missing, or agrees with it in neither direction (a lossy pair of
    /// expressions is consistent in the direction last written). Values are compared as the column's affinity stores them.
    /// </summary>
    private static string Mismatch(string table, string shadow, RebuiltTable rebuilt, Cutover.Schema.TableModel source)
    {
        var oldRow = string.Join(", ", source.Columns.Select(c => $"{table}.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var newRow = string.Join(", ", rebuilt.Columns.Select(c => $"cutover_shadow.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var upAgrees = string.Join(" AND ", rebuilt.Columns.Select(c =>
            $"cutover_shadow.{Quote(c.Name)} IS (SELECT {Stored(c.Up, c.Type)} FROM (SELECT {oldRow}))"));
        var downAgrees = string.Join(" AND ", rebuilt.Restored.Select(r =>
            $"{table}.{Quote(r.Name)} IS (SELECT {Stored(r.Down, source.Columns.First(c => c.Name == r.Name).Type)} FROM (SELECT {newRow}))"));
        return $"NOT EXISTS (SELECT 1 FROM {shadow} AS cutover_shadow WHERE {string.Join(" AND ", rebuilt.Key.Select(k => $"cutover_shadow.{Quote(k)} = {table}.{Quote(k)}"))} " +
               $"AND (({upAgrees}) OR ({downAgrees})))";
    }

    /// <summary>
    /// The value as a column of <paramref name="type"/> would store it: a CAST for the INTEGER, REAL and TEXT affinities
    /// (a NUMERIC CAST would turn '2026-01-01' into 2026, which a NUMERIC column keeps as text: no cast there).
    /// </summary>
    private static string Stored(string expression, string type)
    {
        var upper = type.ToUpperInvariant();
        var affinity = upper.Contains("INT", StringComparison.Ordinal) ? "INTEGER"
            : upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal) || upper.Contains("TEXT", StringComparison.Ordinal) ? "TEXT"
            : upper.Contains("REAL", StringComparison.Ordinal) || upper.Contains("FLOA", StringComparison.Ordinal) || upper.Contains("DOUB", StringComparison.Ordinal) ? "REAL"
            : null;
        return affinity is null ? $"({expression})" : $"CAST(({expression}) AS {affinity})";
    }
}
