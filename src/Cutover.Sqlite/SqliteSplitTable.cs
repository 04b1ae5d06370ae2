using System.Text;
using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// split-table in SQLite. Expand creates the new table (keyed by the old one's primary key, referencing it), and every
/// row of the old table gets its row there: AFTER triggers on the old table upsert it on insert and on updates of the
/// moved columns and delete it with its row (foreign keys are often off in SQLite, so the cascade is a trigger too);
/// the backfill copies existing rows (ON CONFLICT DO NOTHING). The new version's shape is two views in the database,
/// <c>cutover_v&lt;id&gt;_&lt;table&gt;</c> (the old table without the moved columns) and
/// <c>cutover_v&lt;id&gt;_&lt;new table&gt;</c> (whose INSTEAD OF triggers write the old table's columns, which the
/// old table's triggers carry over), given the tables' own names on a connection by TEMP views (the shape statements).
/// A write straight to the new table is carried back by an AFTER UPDATE trigger. Every write is guarded by IS NOT, so
/// the triggers stop after one round trip (with recursive_triggers on too). Complete drops one moved column in place;
/// with several, the table it leaves is built through the window and swapped in (see SqliteStagedTable).
/// </summary>
internal static class SqliteSplitTable
{
    public static OperationPlan Plan(OperationTarget target, SplitTable op)
    {
        var source = target.Table;
        var id = target.MigrationId;
        var table = Quote(source.Name);
        var created = Quote(op.NewTable);
        var pkName = source.PrimaryKey!.Columns[0];
        var pk = Quote(pkName);
        var pkType = source.Columns.First(c => c.Name == pkName).Type;
        var key = Quote(op.Key);
        var moved = op.Columns.Select(n => source.Columns.First(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        var cols = moved.Select(c => Quote(c.Name)).ToList();
        var keptColumns = source.Columns.Where(c => !moved.Contains(c)).ToList();
        var kept = keptColumns.Select(c => Quote(c.Name)).ToList();
        string Object(string suffix) => Quote($"cutover_{id}_{source.Name}_{suffix}");
        var oldView = $"cutover_v{id}_{source.Name}";
        var newView = $"cutover_v{id}_{op.NewTable}";
        string List(string prefix) => string.Join(", ", cols.Select(c => prefix + c));
        string Differs(string left, string right) => string.Join(" OR ", cols.Select(c => $"{left}{c} IS NOT {right}{c}"));
        var upsert = $"INSERT INTO {created} ({key}, {List("")}) VALUES (NEW.{pk}, {List("NEW.")}) " +
                     $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", cols.Select(c => $"{c} = excluded.{c}"))} WHERE {Differs(created + ".", "excluded.")};";
        var triggers = new List<string>();
        string Trigger(string name, string definition)
        {
            triggers.Add(name);
            return $"CREATE TRIGGER {name} {definition};\n";
        }

        var expand = new StringBuilder("-- cutover:up\n");
        var definitions = moved.Select(c => $"{Quote(c.Name)}{(c.Type.Length > 0 ? " " + c.Type : "")}{(c.Nullable ? "" : " NOT NULL")}{(c.Default is null ? "" : " DEFAULT " + c.Default)}");
        expand.Append($"CREATE TABLE {created} ({key}{(pkType.Length > 0 ? " " + pkType : "")} PRIMARY KEY REFERENCES {table} ({pk}) ON DELETE CASCADE ON UPDATE CASCADE, {string.Join(", ", definitions)});\n");
        // An index that names only moved columns moves with them: built on the new table now (empty: at once, then kept
        // up by the backfill) under a name of its own; SQLite cannot rename an index, so complete builds it again under
        // its own name once the old one is gone (the one index build left under complete's lock).
        var movedIndexes = source.Indexes.Where(i => moved.Any(m => i.Uses(m.Name)) && !keptColumns.Any(k => i.Uses(k.Name))).ToList();
        var newTable = source with { Name = op.NewTable };
        foreach (var index in movedIndexes)
            expand.Append(CreateIndex(newTable, index with { Name = $"cutover_{id}_{index.Name}" })).Append(";\n");
        // The old version's writes (and the new version's, routed through the old table).
        expand.Append(Trigger(Object("split_insert"), $"AFTER INSERT ON {table} FOR EACH ROW BEGIN {upsert} END"));
        expand.Append(Trigger(Object("split_update"), $"AFTER UPDATE OF {List("")} ON {table} FOR EACH ROW WHEN {Differs("NEW.", "OLD.")} BEGIN {upsert} END"));
        expand.Append(Trigger(Object("split_key"), $"AFTER UPDATE OF {pk} ON {table} FOR EACH ROW WHEN NEW.{pk} IS NOT OLD.{pk} BEGIN UPDATE {created} SET {key} = NEW.{pk} WHERE {key} = OLD.{pk}; END"));
        expand.Append(Trigger(Object("split_delete"), $"AFTER DELETE ON {table} FOR EACH ROW BEGIN DELETE FROM {created} WHERE {key} = OLD.{pk}; END"));
        // Direct writes to the new table: carried back to the old columns.
        expand.Append(Trigger(Object("split_back"), $"AFTER UPDATE OF {List("")} ON {created} FOR EACH ROW BEGIN UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = NEW.{c}"))} " +
                                                   $"WHERE {pk} = NEW.{key} AND ({Differs("", "NEW.")}); END"));

        // The new version's shape: the old table without the moved columns …
        expand.Append($"CREATE VIEW {Quote(oldView)} AS SELECT {string.Join(", ", kept)} FROM {table};\n");
        string ByKey(string column, string row) => $"{column} = {row}.{column}";
        expand.Append(Trigger(Quote(oldView + "_insert"), $"INSTEAD OF INSERT ON {Quote(oldView)} FOR EACH ROW BEGIN INSERT INTO {table} ({string.Join(", ", kept)}) " +
                                                          $"VALUES ({string.Join(", ", keptColumns.Select(c => c.Default is null ? $"NEW.{Quote(c.Name)}" : $"coalesce(NEW.{Quote(c.Name)}, {c.Default})"))}); END"));
        expand.Append(Trigger(Quote(oldView + "_update"), $"INSTEAD OF UPDATE ON {Quote(oldView)} FOR EACH ROW BEGIN UPDATE {table} SET {string.Join(", ", kept.Select(c => $"{c} = NEW.{c}"))} WHERE {ByKey(pk, "OLD")}; END"));
        expand.Append(Trigger(Quote(oldView + "_delete"), $"INSTEAD OF DELETE ON {Quote(oldView)} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {ByKey(pk, "OLD")}; END"));
        // … and the new table, whose writes go to the old table's columns (its triggers carry them over).
        var missing = $"SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed') WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {pk} = NEW.{key});";
        expand.Append($"CREATE VIEW {Quote(newView)} AS SELECT {key}, {List("")} FROM {created};\n");
        expand.Append(Trigger(Quote(newView + "_insert"), $"INSTEAD OF INSERT ON {Quote(newView)} FOR EACH ROW BEGIN {missing} UPDATE {table} SET " +
                                                          $"{string.Join(", ", moved.Select(c => $"{Quote(c.Name)} = {(c.Default is null ? $"NEW.{Quote(c.Name)}" : $"coalesce(NEW.{Quote(c.Name)}, {c.Default})")}"))} WHERE {pk} = NEW.{key}; END"));
        expand.Append(Trigger(Quote(newView + "_update"), $"INSTEAD OF UPDATE ON {Quote(newView)} FOR EACH ROW BEGIN " +
                                                          $"SELECT RAISE(ABORT, 'cutover: {op.NewTable}.{op.Key} follows {source.Name}.{pkName} while migration {id} is expanded: change that instead') WHERE NEW.{key} IS NOT OLD.{key}; " +
                                                          $"UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = CASE WHEN NEW.{c} IS NOT OLD.{c} THEN NEW.{c} ELSE {c} END"))} WHERE {pk} = OLD.{key}; END"));
        // A row lives as long as its row of the old table through the window: deleting it resets the values.
        expand.Append(Trigger(Quote(newView + "_delete"), $"INSTEAD OF DELETE ON {Quote(newView)} FOR EACH ROW BEGIN UPDATE {table} SET " +
                                                          $"{string.Join(", ", moved.Select(c => $"{Quote(c.Name)} = {c.Default ?? "NULL"}"))} WHERE {pk} = OLD.{key}; END"));
        // Several columns leave the table: the table it becomes is built through the window (see SqliteStagedTable).
        var remaining = new TableTransform(id, op, source, source.PrimaryKey.Columns, keptColumns.Select(c => new ShapeColumn(c.Name, c.Name)).ToList(),
            [], [], moved.Select(c => c.Name).ToList(), [], [], null, []);
        var staged = SqliteRebuild.Pays(remaining) ? new SqliteStagedTable(remaining, target.Schema) : null;
        if (staged is not null)
            expand.Append(staged.Expand());
        expand.Append($"-- cutover:backfill {table}\n");
        expand.Append($"INSERT INTO {created} ({key}, {List("")}) SELECT {pk}, {List("")} FROM {table} WHERE {{batch}} ON CONFLICT DO NOTHING;\n");
        if (staged is not null)
            expand.Append(staged.Backfill());

        var removeShape = string.Concat(triggers.Select(t => $"DROP TRIGGER IF EXISTS {t};\n")) + $"DROP VIEW IF EXISTS {Quote(newView)};\nDROP VIEW IF EXISTS {Quote(oldView)};\n";
        var abort = new StringBuilder("-- cutover:down\n").Append(removeShape).Append(staged?.Abort()).Append($"DROP TABLE IF EXISTS {created};\n");

        // One transaction: the shape's triggers and views gone, then either the swap to the staged table (the old one,
        // renamed, is the archive) or the moved columns archived by key and dropped in place.
        var archiveName = Quote($"cutover_archive_{id}_{source.Name}");
        var archive = staged is not null
            ? new ArchivedData(archiveName, $"ALTER TABLE {table} RENAME TO {archiveName}")
            : new ArchivedData(archiveName, $"CREATE TABLE {archiveName} AS SELECT {pk}, {List("")} FROM {table}");
        var complete = new StringBuilder("-- cutover:up\n");
        if (staged is not null)
            complete.Append($"DROP TABLE IF EXISTS {archive.Table};\n").Append(removeShape).Append(staged.Swap(archiveName));
        else
        {
            complete.Append($"DROP TABLE IF EXISTS {archive.Table};\n{archive.Create};\n").Append(removeShape);
            // SQLite refuses to drop a column an index names: those indexes go first.
            foreach (var index in source.Indexes.Where(i => moved.Any(m => i.Uses(m.Name))))
                complete.Append($"DROP INDEX IF EXISTS {Quote(index.Name)};\n");
            foreach (var c in cols)
                complete.Append($"ALTER TABLE {table} DROP COLUMN {c};\n");
        }

        foreach (var index in movedIndexes)
            complete.Append($"DROP INDEX IF EXISTS {Quote($"cutover_{id}_{index.Name}")};\n").Append(CreateIndex(newTable, index)).Append(";\n");

        var mismatch = $"NOT EXISTS (SELECT 1 FROM {created} AS cutover_new WHERE cutover_new.{key} = {table}.{pk} AND NOT ({Differs("cutover_new.", table + ".")}))";
        var repair = $"INSERT INTO {created} ({key}, {List("")}) SELECT {pk}, {List("")} FROM {table} WHERE {mismatch} AND {{batch}} " +
                     $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", cols.Select(c => $"{c} = excluded.{c}"))}";
        var shape = SqliteTempAlias.Statements(source.Name, oldView, keptColumns.Select(c => c.Name).ToList(), [pkName])
            .Concat(SqliteTempAlias.Statements(op.NewTable, newView, [op.Key, .. moved.Select(c => c.Name)], [op.Key])).ToList();
        // Undoing the completed split, in one transaction: the moved columns come back to the old table, filled by key from
        // the new table (what either version wrote last; a row with no row there keeps the default), then the new table goes.
        var restore = new StringBuilder("-- cutover:down\n")
            .Append(SqliteRestore.AddBack(source, moved))
            .Append($"UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = cutover_new.{c}"))} FROM {created} AS cutover_new WHERE cutover_new.{key} = {table}.{pk};\n")
            .Append(string.Concat(movedIndexes.Select(i => $"DROP INDEX IF EXISTS {Quote(i.Name)};\n")))
            .Append(SqliteRestore.Reinstate(source, moved))
            .Append($"DROP TABLE {created};\nDROP TABLE IF EXISTS {archive.Table};\n");
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(), [new OperationCheck(table, mismatch, repair), .. staged is null ? [] : new[] { staged.Check() }], shape, archive,
            [new TableName(null, op.NewTable)]) { CompleteGuards = staged is not null ? [SqliteRebuild.Guard(remaining, target.Schema)] : [], Restore = restore.ToString() };
    }
}
