using System.Text;
using Cutover.Operations;
using Cutover.Schema;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// extract-table in SQLite. Expand creates the new table (<c>id integer PRIMARY KEY</c>, the value columns,
/// <c>UNIQUE</c> over them) and the old table's key column (<c>REFERENCES</c> the new table, which ADD COLUMN allows for
/// a column that starts NULL) with its index. AFTER triggers on the old table keep the two in step, each guarded by
/// <c>WHEN</c> so that they stop after one round (with recursive_triggers on too): a write that changes the key (the
/// new version's) sets the old columns to the values of the row it names; a write of the old columns (the old
/// version's) finds the row of their tuple — compared with <c>IS</c>, so a NULL equals a NULL, which SQLite's UNIQUE
/// does not do; SQLite has one writer at a time, so the look-up and the insert cannot race — or creates it, and sets the
/// key. An update of the new table's values is carried to every row that references it. The new version's shape is a
/// view of the old table without the old columns, <c>cutover_v&lt;id&gt;_&lt;table&gt;</c>, given the table's name on a
/// connection by a TEMP view (the shape statements); the new table is a plain table both versions see. Rows whose
/// values are all NULL keep the key NULL. Complete cannot make the key NOT NULL on SQLite (that needs a rebuild decided
/// by the data at complete, which a stored script cannot do): it stays nullable, for a later set-not-null.
/// </summary>
internal static class SqliteExtractTable
{
    public static OperationPlan Plan(OperationTarget target, ExtractTable op)
    {
        var source = target.Table;
        var id = target.MigrationId;
        var table = Quote(source.Name);
        var created = Quote(op.NewTable);
        var pkNames = source.PrimaryKey!.Columns;
        var pks = pkNames.Select(Quote).ToList();
        var moved = op.Columns.Select(n => source.Columns.First(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        var old = moved.Select(c => Quote(c.Name)).ToList();
        var values = op.NewColumns.Select(Quote).ToList();
        var pairs = old.Zip(values).ToList();
        var key = Quote(op.Key);
        var idColumn = Quote(ExtractTable.Id);
        var keptColumns = source.Columns.Where(c => !moved.Contains(c)).ToList();
        var kept = keptColumns.Select(c => Quote(c.Name)).ToList();
        string Object(string suffix) => Quote($"cutover_{id}_{source.Name}_{suffix}");
        var view = $"cutover_v{id}_{source.Name}";
        string ByKey(string row) => string.Join(" AND ", pks.Select(k => $"{k} = {row}.{k}"));
        string AnyValue(string row) => "(" + string.Join(" OR ", old.Select(c => $"{row}.{c} IS NOT NULL")) + ")";
        // Where the new table's row (alias) holds the old columns of <row>, NULLs equal (SQLite's IS can use the index).
        string Same(string alias, string row) => string.Join(" AND ", pairs.Select(p => $"{alias}.{p.Second} IS {row}.{p.First}"));
        string Matches(string row) => $"EXISTS (SELECT 1 FROM {created} AS cutover_row WHERE cutover_row.{idColumn} = {row}.{key} AND {Same("cutover_row", row)})";
        // Whether the key of <row> is out of step with its values: NULL while it has values, or naming a row that lacks them.
        string OutOfStep(string row) => $"CASE WHEN {row}.{key} IS NULL THEN {AnyValue(row)} ELSE NOT {Matches(row)} END";
        string Lookup(string row) => $"CASE WHEN {AnyValue(row)} THEN (SELECT cutover_row.{idColumn} FROM {created} AS cutover_row WHERE {Same("cutover_row", row)} ORDER BY cutover_row.{idColumn} LIMIT 1) END";
        string FindOrCreate(string row) =>
            $"INSERT INTO {created} ({string.Join(", ", values)}) SELECT {string.Join(", ", old.Select(c => $"{row}.{c}"))} WHERE {AnyValue(row)} " +
            $"AND NOT EXISTS (SELECT 1 FROM {created} AS cutover_row WHERE {Same("cutover_row", row)}); " +
            $"UPDATE {table} SET {key} = {Lookup(row)} WHERE {ByKey(row)};";
        var missing = $"SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed') WHERE NEW.{key} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {created} WHERE {idColumn} = NEW.{key});";
        string FromKey(string row) =>
            $"UPDATE {table} SET {string.Join(", ", pairs.Select(p => $"{p.First} = (SELECT {p.Second} FROM {created} WHERE {idColumn} = {row}.{key})"))} WHERE {ByKey(row)};";
        var triggers = new List<string>();
        string Trigger(string name, string definition)
        {
            triggers.Add(name);
            return $"CREATE TRIGGER {name} {definition};\n";
        }

        var expand = new StringBuilder("-- cutover:up\n");
        var definitions = moved.Select((c, i) => $"{values[i]}{(c.Type.Length > 0 ? " " + c.Type : "")}{(c.Nullable ? "" : " NOT NULL")}{(c.Default is null ? "" : " DEFAULT " + c.Default)}{(c.Collation is null ? "" : " COLLATE " + c.Collation)}");
        expand.Append($"CREATE TABLE {created} ({idColumn} integer PRIMARY KEY, {string.Join(", ", definitions)}, UNIQUE ({string.Join(", ", values)}));\n");
        expand.Append($"ALTER TABLE {table} ADD COLUMN {key} integer REFERENCES {created} ({idColumn});\n");
        expand.Append($"CREATE INDEX {Quote(op.IndexName)} ON {table} ({key});\n");
        // The old version's writes: the key follows the values.
        expand.Append(Trigger(Object("extract_insert"), $"AFTER INSERT ON {table} FOR EACH ROW WHEN NEW.{key} IS NULL AND {AnyValue("NEW")} BEGIN {FindOrCreate("NEW")} END"));
        expand.Append(Trigger(Object("extract_values"), $"AFTER UPDATE OF {string.Join(", ", old)} ON {table} FOR EACH ROW WHEN NEW.{key} IS OLD.{key} " +
                                                        $"AND ({string.Join(" OR ", old.Select(c => $"NEW.{c} IS NOT OLD.{c}"))}) AND {OutOfStep("NEW")} BEGIN {FindOrCreate("NEW")} END"));
        // The new version's writes: the values follow the key.
        expand.Append(Trigger(Object("extract_key_insert"), $"AFTER INSERT ON {table} FOR EACH ROW WHEN NEW.{key} IS NOT NULL AND NOT {Matches("NEW")} BEGIN {missing} {FromKey("NEW")} END"));
        expand.Append(Trigger(Object("extract_key"), $"AFTER UPDATE OF {key} ON {table} FOR EACH ROW WHEN NEW.{key} IS NOT OLD.{key} AND {OutOfStep("NEW")} BEGIN {missing} {FromKey("NEW")} END"));
        // A row of the new table changed (a customer renamed): every row that references it shows the new values.
        expand.Append(Trigger(Object("extract_back"), $"AFTER UPDATE OF {string.Join(", ", values)} ON {created} FOR EACH ROW BEGIN UPDATE {table} SET " +
                                                      $"{string.Join(", ", pairs.Select(p => $"{p.First} = NEW.{p.Second}"))} WHERE {key} = NEW.{idColumn} " +
                                                      $"AND ({string.Join(" OR ", pairs.Select(p => $"{p.First} IS NOT NEW.{p.Second}"))}); END"));

        // The new version's shape: the table without the old columns, whose writes set the old columns from the key.
        var shapeColumns = kept.Append(key).ToList();
        expand.Append($"CREATE VIEW {Quote(view)} AS SELECT {string.Join(", ", shapeColumns)} FROM {table};\n");
        string KeptValue(ColumnModel c) => c.Default is null ? $"NEW.{Quote(c.Name)}" : $"coalesce(NEW.{Quote(c.Name)}, {c.Default})";
        string OldValue(ColumnModel c, string value) => $"CASE WHEN NEW.{key} IS NULL THEN {c.Default ?? "NULL"} ELSE (SELECT {value} FROM {created} WHERE {idColumn} = NEW.{key}) END";
        expand.Append(Trigger(Quote(view + "_insert"), $"INSTEAD OF INSERT ON {Quote(view)} FOR EACH ROW BEGIN {missing} INSERT INTO {table} ({string.Join(", ", shapeColumns.Concat(old))}) " +
                                                       $"VALUES ({string.Join(", ", keptColumns.Select(KeptValue).Append($"NEW.{key}").Concat(moved.Select((c, i) => OldValue(c, values[i]))))}); END"));
        expand.Append(Trigger(Quote(view + "_update"), $"INSTEAD OF UPDATE ON {Quote(view)} FOR EACH ROW BEGIN UPDATE {table} SET {string.Join(", ", shapeColumns.Select(c => $"{c} = NEW.{c}"))} WHERE {ByKey("OLD")}; END"));
        expand.Append(Trigger(Quote(view + "_delete"), $"INSTEAD OF DELETE ON {Quote(view)} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {ByKey("OLD")}; END"));

        // The table as expand leaves it: the key column, its foreign key and its index, which the table complete leaves
        // must keep; several columns leave it, the table it becomes is built through the window (see SqliteStagedTable).
        var expanded = source with
        {
            Columns = [.. source.Columns, new ColumnModel(op.Key, "integer", true, null, null, null, null, null)],
            ForeignKeys = [.. source.ForeignKeys, new ForeignKeyModel(null, [op.Key], "", op.NewTable, [ExtractTable.Id], "no action", "no action")],
            Indexes = [.. source.Indexes, new IndexModel(op.IndexName, false, [op.Key], null, null)],
        };
        var remaining = new TableTransform(id, op, expanded, pkNames, expanded.Columns.Where(c => !moved.Contains(c)).Select(c => new ShapeColumn(c.Name, c.Name)).ToList(),
            [], [], moved.Select(c => c.Name).ToList(), [], [], null, []);
        var staged = SqliteRebuild.Pays(remaining) ? new SqliteStagedTable(remaining, target.Schema) : null;
        if (staged is not null)
            expand.Append(staged.Expand());

        var unlinked = $"{key} IS NULL AND {AnyValue(table)}";
        expand.Append($"-- cutover:backfill {table}\n");
        expand.Append($"INSERT INTO {created} ({string.Join(", ", values)}) SELECT DISTINCT {string.Join(", ", old)} FROM {table} WHERE {unlinked} " +
                      $"AND NOT EXISTS (SELECT 1 FROM {created} AS cutover_row WHERE {Same("cutover_row", table)}) AND {{batch}};\n");
        expand.Append($"-- cutover:backfill {table}\n");
        expand.Append($"UPDATE {table} SET {key} = {Lookup(table)} WHERE {unlinked} AND {{batch}};\n");
        if (staged is not null)
            expand.Append(staged.Backfill());

        var removeShape = string.Concat(triggers.Select(t => $"DROP TRIGGER IF EXISTS {t};\n")) + $"DROP VIEW IF EXISTS {Quote(view)};\n";
        var abort = new StringBuilder("-- cutover:down\n").Append(removeShape).Append(staged?.Abort())
            .Append($"DROP INDEX IF EXISTS {Quote(op.IndexName)};\nALTER TABLE {table} DROP COLUMN {key};\nDROP TABLE IF EXISTS {created};\n");

        var archiveName = Quote($"cutover_archive_{id}_{source.Name}");
        // One transaction: the triggers and view gone, then either the swap to the staged table (the old one, renamed, is
        // the archive) or the old columns archived by key and dropped in place.
        var archive = staged is not null
            ? new ArchivedData(archiveName, $"ALTER TABLE {table} RENAME TO {archiveName}")
            : new ArchivedData(archiveName, $"CREATE TABLE {archiveName} AS SELECT {string.Join(", ", pks)}, {key}, {string.Join(", ", old)} FROM {table}");
        var complete = new StringBuilder("-- cutover:up\n");
        if (staged is not null)
            complete.Append($"DROP TABLE IF EXISTS {archive.Table};\n").Append(removeShape).Append(staged.Swap(archiveName));
        else
        {
            complete.Append($"DROP TABLE IF EXISTS {archive.Table};\n{archive.Create};\n").Append(removeShape);
            // SQLite refuses to drop a column an index names: those indexes go first.
            foreach (var index in source.Indexes.Where(i => moved.Any(m => i.Uses(m.Name))))
                complete.Append($"DROP INDEX IF EXISTS {Quote(index.Name)};\n");
            foreach (var c in old)
                complete.Append($"ALTER TABLE {table} DROP COLUMN {c};\n");
        }

        var mismatch = $"({OutOfStep(table)})";
        // The old columns are what the old version wrote: the key is re-derived from them, their tuple created if missing.
        var repair = $"INSERT INTO {created} ({string.Join(", ", values)}) SELECT DISTINCT {string.Join(", ", old)} FROM {table} WHERE {mismatch} AND {AnyValue(table)} " +
                     $"AND NOT EXISTS (SELECT 1 FROM {created} AS cutover_row WHERE {Same("cutover_row", table)}) AND {{batch}}; " +
                     $"UPDATE {table} SET {key} = {Lookup(table)} WHERE {mismatch} AND {{batch}}";
        var shape = SqliteTempAlias.Statements(source.Name, view, [.. keptColumns.Select(c => c.Name), op.Key], pkNames).ToList();
        // Undoing the completed extraction, in one transaction: the old columns come back, each row given the values of the
        // row its key names (as the new version left them) or NULLs where it has no key; then the key column (its index
        // first: SQLite refuses to drop an indexed column) and the new table go.
        var restore = new StringBuilder("-- cutover:down\n")
            .Append(SqliteRestore.AddBack(source, moved))
            .Append($"UPDATE {table} SET {string.Join(", ", pairs.Select(p => $"{p.First} = cutover_new.{p.Second}"))} FROM {created} AS cutover_new WHERE cutover_new.{idColumn} = {table}.{key};\n")
            .Append($"UPDATE {table} SET {string.Join(", ", old.Select(c => $"{c} = NULL"))} WHERE {key} IS NULL;\n")
            .Append(SqliteRestore.Reinstate(source, moved))
            .Append($"DROP INDEX IF EXISTS {Quote(op.IndexName)};\nALTER TABLE {table} DROP COLUMN {key};\nDROP TABLE {created};\nDROP TABLE IF EXISTS {archive.Table};\n");
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(), [new OperationCheck(table, mismatch, repair), .. staged is null ? [] : new[] { staged.Check() }], shape, archive,
            [new TableName(null, op.NewTable)]) { CompleteGuards = staged is not null ? [SqliteRebuild.Guard(remaining, target.Schema)] : [], Restore = restore.ToString() };
    }
}
