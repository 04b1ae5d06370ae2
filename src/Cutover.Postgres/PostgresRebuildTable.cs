using System.Text;
using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// rebuild-table in PostgreSQL: copy-and-switch through a shadow table. Expand creates
/// <c>cutover_shadow_&lt;id&gt;_&lt;table&gt;</c> with the new definition (and the old table's indexes whose columns
/// remain, while it is empty), then AFTER triggers keep the two in step: the old table's upserts or deletes the shadow
/// row through the up expressions, the shadow's carries writes back through the down expressions. A transaction-local
/// setting marks a write one of them makes, so the other does not answer it: no recursion, and a lossy pair of
/// expressions is not bounced back. The new version sees the shadow under the table's name, a view in the version
/// schema; its INSTEAD OF trigger locks the old row first, as the old version's own writes do, so the two versions
/// never lock the pair in opposite orders (no deadlock), and it sets only the columns a statement changed (no lost
/// update). The backfill copies existing rows in batches (ON CONFLICT DO NOTHING: a row a trigger wrote is newer).
/// Complete, one transaction: the triggers and views dropped, the old table renamed to its archive name, the shadow
/// to the table's, with its constraints, indexes and sequences renamed after it.
/// </summary>
internal static class PostgresRebuildTable
{
    public static OperationPlan Plan(OperationTarget target, RebuildTable op)
    {
        var source = target.Table;
        var id = target.MigrationId;
        var rebuilt = RebuiltTable.Of(target.Path, op, source, SqlDialect.Postgres, StringComparer.Ordinal);
        var table = Name(source.Schema, source.Name);
        var shadowName = $"cutover_shadow_{id}_{source.Name}";
        var shadow = Name(source.Schema, shadowName);
        var archiveName = $"cutover_archive_{id}_{source.Name}";
        var archive = Name(source.Schema, archiveName);
        string Object(string suffix) => $"cutover_{id}_{source.Name}_{suffix}";
        var oldFunction = Name(source.Schema, Object("rebuild_old"));
        var oldTrigger = Quote(Object("rebuild_old"));
        var shadowFunction = Name(source.Schema, Object("rebuild_shadow"));
        var shadowTrigger = Quote(Object("rebuild_shadow"));
        var viewFunction = Name(source.Schema, Object("rebuild_view"));
        var versionSchema = PostgresOperations.VersionSchema(id);
        var schema = Quote(versionSchema);
        var view = $"{schema}.{Quote(source.Name)}";
        // Set while one side's trigger writes the other, so that the other's trigger lets that write be.
        var flag = Literal($"cutover.rebuild_{id}_{source.Name}".ToLowerInvariant());

        var key = rebuilt.Key.Select(Quote).ToList();
        var newColumns = rebuilt.Columns.Select(c => Quote(c.Name)).ToList();
        var restored = rebuilt.Restored.Select(r => Quote(r.Name)).ToList();
        var oldRow = string.Join(", ", source.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        string Ups(string row) => string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})")) + $" FROM (SELECT {row}) AS cutover_old";
        string Downs(string row) => string.Join(", ", rebuilt.Restored.Select(r => $"({r.Down})")) + $" FROM (SELECT {row}) AS cutover_new";
        string ByKey(string left, string right) => string.Join(" AND ", key.Select(k => $"{left}{k} = {right}{k}"));
        string KeyChanged() => string.Join(" OR ", key.Select(k => $"NEW.{k} IS DISTINCT FROM OLD.{k}"));
        string Upsert(string into, IReadOnlyList<string> columns, string select) =>
            $"INSERT INTO {into} ({string.Join(", ", columns)}) SELECT {select} ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET " +
            $"{string.Join(", ", columns.Select(c => $"{c} = EXCLUDED.{c}"))} WHERE ({string.Join(", ", columns.Select(c => $"{into}.{c}"))}) IS DISTINCT FROM ({string.Join(", ", columns.Select(c => $"EXCLUDED.{c}"))})";
        string Synced(string body) => $"""
            BEGIN
              IF current_setting({flag}, true) = 'on' THEN RETURN NULL; END IF;
              PERFORM set_config({flag}, 'on', true);
            {body}  PERFORM set_config({flag}, 'off', true);
              RETURN NULL;
            END;
            """;

        var expand = new StringBuilder("-- cutover:up\n");
        expand.Append($"CREATE TABLE {shadow} ({op.Definition});\n");
        // The old table's indexes on columns the new definition keeps, built now while the shadow is empty.
        foreach (var index in source.Indexes.Where(i => i.Keys.All(k => rebuilt.Columns.Any(c => c.Name == k))))
            expand.Append($"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(Object("index_" + index.Name))} ON {shadow}{(index.Method is { } m && m != "btree" ? " USING " + m : "")} " +
                          $"({string.Join(", ", index.Keys.Select(Quote))}){(index.Predicate is null ? "" : " WHERE " + index.Predicate)};\n");
        // The expressions are checked now (names, types, casts), not at the first write of either version.
        expand.Append($"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE false;\n");
        expand.Append($"INSERT INTO {table} ({string.Join(", ", restored)}) SELECT {string.Join(", ", rebuilt.Restored.Select(r => $"({r.Down})"))} FROM {shadow} WHERE false;\n");
        expand.Append($"CREATE FUNCTION {oldFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$\n" + Synced($"""
              IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ({KeyChanged()})) THEN
                DELETE FROM {shadow} WHERE {ByKey("", "OLD.")};
              END IF;
              IF TG_OP <> 'DELETE' THEN
                {Upsert(shadow, newColumns, Ups(oldRow))};
              END IF;

            """) + "\n$cutover$;\n");
        expand.Append($"CREATE TRIGGER {oldTrigger} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {oldFunction}();\n");
        var newRow = string.Join(", ", rebuilt.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        expand.Append($"CREATE FUNCTION {shadowFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$\n" + Synced($"""
              IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ({KeyChanged()})) THEN
                DELETE FROM {table} WHERE {ByKey("", "OLD.")};
              END IF;
              IF TG_OP <> 'DELETE' THEN
                {Upsert(table, restored, Downs(newRow))};
              END IF;

            """) + "\n$cutover$;\n");
        expand.Append($"CREATE TRIGGER {shadowTrigger} AFTER INSERT OR UPDATE OR DELETE ON {shadow} FOR EACH ROW EXECUTE FUNCTION {shadowFunction}();\n");

        // The new version's table: a view of the shadow whose writes lock the old row first.
        expand.Append($"CREATE SCHEMA IF NOT EXISTS {schema};\n");
        expand.Append($"CREATE VIEW {view} AS SELECT * FROM {shadow};\n");
        // An INSTEAD OF trigger sees what a statement left out as NULL: the view gets the shadow's defaults (serial ones too).
        expand.Append($"""
            DO $cutover$ DECLARE d record; BEGIN
              FOR d IN SELECT a.attname, pg_get_expr(f.adbin, f.adrelid) AS value FROM pg_attrdef f JOIN pg_attribute a ON a.attrelid = f.adrelid AND a.attnum = f.adnum
                       WHERE f.adrelid = {Literal(shadow)}::regclass AND a.attgenerated = '' LOOP
                EXECUTE format('ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s', {Literal(view)}, d.attname, d.value);
              END LOOP;
            END $cutover$;

            """);
        var all = rebuilt.Columns.Select(c => Quote(c.Name)).ToList();
        expand.Append($"""
            CREATE FUNCTION {viewFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                INSERT INTO {shadow} ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(c => "NEW." + c))});
                RETURN NEW;
              END IF;
              -- The old row first, as the old version's writes take it: the two versions never wait for each other crosswise.
              PERFORM FROM {table} WHERE {ByKey("", "OLD.")} FOR UPDATE;
              IF TG_OP = 'DELETE' THEN
                DELETE FROM {shadow} WHERE {ByKey("", "OLD.")};
                RETURN OLD;
              END IF;
              -- Only what the statement changed, so that a write of the old version since the statement's snapshot is kept.
              UPDATE {shadow} SET {string.Join(", ", all.Select(c => $"{c} = CASE WHEN NEW.{c} IS DISTINCT FROM OLD.{c} THEN NEW.{c} ELSE {shadow}.{c} END"))} WHERE {ByKey("", "OLD.")};
              RETURN NEW;
            END;
            $cutover$;
            CREATE TRIGGER {Quote(Object("rebuild_view"))} INSTEAD OF INSERT OR UPDATE OR DELETE ON {view} FOR EACH ROW EXECUTE FUNCTION {viewFunction}();

            """);
        expand.Append($"-- cutover:backfill {Quote(source.Schema)}.{Quote(source.Name)}\n");
        // FOR NO KEY UPDATE: the backfill, like every writer, locks the old row before it writes the shadow row (with a
        // weaker lock a writer's trigger and a batch insert the same shadow key in opposite orders: a deadlock), and a
        // row deleted since the statement's snapshot is skipped rather than copied after its delete trigger ran.
        expand.Append($"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE {{batch}} FOR NO KEY UPDATE ON CONFLICT DO NOTHING;\n");

        var removeShape = $"""
            DROP VIEW IF EXISTS {view};
            DROP FUNCTION IF EXISTS {viewFunction}();
            DO $cutover$ BEGIN IF NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(versionSchema)}) THEN DROP SCHEMA IF EXISTS {schema}; END IF; END $cutover$;
            DROP TRIGGER IF EXISTS {oldTrigger} ON {table};
            DROP FUNCTION IF EXISTS {oldFunction}();
            DROP TRIGGER IF EXISTS {shadowTrigger} ON {shadow};
            DROP FUNCTION IF EXISTS {shadowFunction}();

            """;
        var abort = new StringBuilder("-- cutover:down\n").Append(removeShape).Append($"DROP TABLE IF EXISTS {shadow};\n");

        // The switch: one transaction, so that either version's statements see the old pair or the rebuilt table, never neither.
        var complete = new StringBuilder("-- cutover:up\n").Append(removeShape)
            .Append($"ALTER TABLE {table} RENAME TO {Quote(archiveName)};\n")
            .Append($"ALTER TABLE {shadow} RENAME TO {Quote(source.Name)};\n")
            .Append(RenameAfterTable(source.Schema, source.Name, shadowName, $"cutover_archive_{id}_", Object("index_")));
        // The table's own triggers stay with the archive; the rebuilt table gets them again (trigger names are per table).
        var ownTriggers = target.Schema.Triggers.Where(t => t.Schema == source.Schema && t.Table == source.Name).ToList();
        foreach (var trigger in ownTriggers)
            complete.Append(trigger.Definition.TrimEnd(';', ' ', '\n')).Append(";\n");

        // Undoing the completed rebuild while the archive is kept: the archive takes the rows as the new version left
        // them (through the down expressions) and becomes the table again, its indexes and sequences with their names.
        var archivePrefix = $"cutover_archive_{id}_";
        var restore = new StringBuilder("-- cutover:down\n")
            .Append($"DELETE FROM {archive} AS cutover_old WHERE NOT EXISTS (SELECT FROM {table} AS cutover_new WHERE {ByKey("cutover_new.", "cutover_old.")});\n")
            .Append($"INSERT INTO {archive} ({string.Join(", ", restored)}) SELECT {string.Join(", ", rebuilt.Restored.Select(r => $"({r.Down})"))} FROM {table} " +
                    $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", restored.Select(c => $"{c} = EXCLUDED.{c}"))};\n")
            .Append($"DROP TABLE {table};\n")
            .Append($"ALTER TABLE {archive} RENAME TO {Quote(source.Name)};\n")
            .Append($"""
                DO $cutover$ DECLARE r record; BEGIN
                  FOR r IN SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = {Literal(source.Schema)} AND c.relkind IN ('i', 'S') AND c.relname LIKE {Literal(Like(archivePrefix) + "%")} LOOP
                    EXECUTE format('ALTER %s %I.%I RENAME TO %I', CASE r.kind WHEN 'S' THEN 'SEQUENCE' ELSE 'INDEX' END, {Literal(source.Schema)}, r.name, substr(r.name, {archivePrefix.Length + 1}));
                  END LOOP;
                END $cutover$;

                """);

        var mismatch = Mismatch(table, shadow, rebuilt, source);
        var repair = $"INSERT INTO {shadow} ({string.Join(", ", newColumns)}) SELECT {string.Join(", ", rebuilt.Columns.Select(c => $"({c.Up})"))} FROM {table} WHERE {mismatch} AND {{batch}} FOR NO KEY UPDATE " +
                     $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", newColumns.Select(c => $"{c} = EXCLUDED.{c}"))}";
        var shape = $"SELECT set_config('search_path', {Literal(schema + ", ")} || current_setting('search_path'), false)";
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(),
            [new OperationCheck($"{Quote(source.Schema)}.{Quote(source.Name)}", mismatch, repair)], [shape], new ArchivedData(archive, $"ALTER TABLE {table} RENAME TO {Quote(archiveName)}"))
        {
            Restore = restore.ToString(),
        };
    }

    /// <summary>
    /// A row of the old table whose shadow row is missing, or agrees with it in neither direction: it is not what the
    /// up expressions make of the old row, nor is the old row what the down expressions make of it (a lossy pair of
    /// expressions is consistent in the direction last written).
    /// </summary>
    private static string Mismatch(string table, string shadow, RebuiltTable rebuilt, Cutover.Schema.TableModel source)
    {
        var oldRow = string.Join(", ", source.Columns.Select(c => $"{table}.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var newRow = string.Join(", ", rebuilt.Columns.Select(c => $"cutover_shadow.{Quote(c.Name)} AS {Quote(c.Name)}"));
        string Typed(string expression, string type) => type.Length == 0 ? $"({expression})" : $"CAST(({expression}) AS {type})";
        var upAgrees = string.Join(" AND ", rebuilt.Columns.Select(c =>
            $"cutover_shadow.{Quote(c.Name)} IS NOT DISTINCT FROM (SELECT {Typed(c.Up, c.Type)} FROM (SELECT {oldRow}) AS cutover_old)"));
        var downAgrees = string.Join(" AND ", rebuilt.Restored.Select(r =>
            $"{table}.{Quote(r.Name)} IS NOT DISTINCT FROM (SELECT {Typed(r.Down, source.Columns.First(c => c.Name == r.Name).Type)} FROM (SELECT {newRow}) AS cutover_new)"));
        return $"NOT EXISTS (SELECT FROM {shadow} AS cutover_shadow WHERE {string.Join(" AND ", rebuilt.Key.Select(k => $"cutover_shadow.{Quote(k)} = {table}.{Quote(k)}"))} " +
               $"AND (({upAgrees}) OR ({downAgrees})))";
    }

    /// <summary>
    /// After the switch the rebuilt table's constraints, indexes and sequences still carry the shadow's name: they take
    /// the table's (<c>events_pkey</c>, <c>events_id_seq</c>, the old indexes' names), and the archive's, which held
    /// those names, take cutover_archive_ ones.
    /// </summary>
    private static string RenameAfterTable(string schema, string table, string shadowName, string archivePrefix, string indexPrefix) => $"""
        DO $cutover$ DECLARE r record; final text; BEGIN
          FOR r IN SELECT c.relname AS name, c.relkind AS kind, con.conname AS constraint_name, con.conrelid FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_constraint con ON con.conindid = c.oid AND con.contype IN ('p', 'u', 'x')
                   WHERE n.nspname = {Literal(schema)} AND c.relkind IN ('i', 'S') AND (c.relname LIKE {Literal(Like(shadowName) + "%")} OR c.relname LIKE {Literal(Like(indexPrefix) + "%")}) LOOP
            final := CASE WHEN r.name LIKE {Literal(Like(indexPrefix) + "%")} THEN substr(r.name, {indexPrefix.Length + 1}) ELSE {Literal(table)} || substr(r.name, {shadowName.Length + 1}) END;
            -- The archive's index, constraint or sequence of that name gives it up.
            IF EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(schema)} AND c.relname = final) THEN
              EXECUTE format('ALTER %s %I.%I RENAME TO %I', CASE (SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(schema)} AND c.relname = final) WHEN 'S' THEN 'SEQUENCE' ELSE 'INDEX' END,
                {Literal(schema)}, final, left({Literal(archivePrefix)} || final, 63));
            END IF;
            IF r.kind = 'S' THEN EXECUTE format('ALTER SEQUENCE %I.%I RENAME TO %I', {Literal(schema)}, r.name, final);
            ELSE EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', {Literal(schema)}, r.name, final);
            END IF;
          END LOOP;
          -- Check and foreign key constraints are named per table: the rebuilt table's take the table's name too.
          FOR r IN SELECT con.conname FROM pg_constraint con WHERE con.conrelid = {Literal(Quote(schema) + "." + Quote(table))}::regclass AND con.contype IN ('c', 'f') AND con.conname LIKE {Literal(Like(shadowName) + "%")} LOOP
            EXECUTE format('ALTER TABLE %I.%I RENAME CONSTRAINT %I TO %I', {Literal(schema)}, {Literal(table)}, r.conname, {Literal(table)} || substr(r.conname, {shadowName.Length + 1}));
          END LOOP;
        END $cutover$;

        """;

    private static string Like(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal);

    private static string Name(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
