using System.Text;
using Cutover.Operations;
using Cutover.Schema;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// split-table in PostgreSQL. Expand creates the new table (keyed by the old one's primary key, referencing it, ON
/// DELETE CASCADE), and every row of the old table gets its row there: an AFTER trigger on the old table upserts it
/// on insert and on updates of the moved columns (the old version's writes), the backfill copies existing rows (ON
/// CONFLICT DO NOTHING: a row a writer upserted meanwhile is newer). The new version's writes reach the old table's
/// columns first: its <c>user_profiles</c> is a view in the version schema whose INSTEAD OF trigger updates the old
/// table (only the columns the statement changed, so a concurrent write to another column is kept), and the old
/// table's trigger carries that into the new table. So both versions lock a row of the old table before its row in the
/// new one: no deadlock between them. An AFTER UPDATE trigger on the new table carries direct writes (outside the
/// version schema) back. Each write is guarded by IS DISTINCT FROM, so the triggers stop after one round trip.
/// </summary>
internal static class PostgresSplitTable
{
    public static OperationPlan Plan(OperationTarget target, SplitTable op)
    {
        var source = target.Table;
        var id = target.MigrationId;
        var table = Name(source.Schema, source.Name);
        var created = Name(source.Schema, op.NewTable);
        var pk = Quote(source.PrimaryKey!.Columns[0]);
        var pkColumn = source.Columns.First(c => c.Name == source.PrimaryKey.Columns[0]);
        var key = Quote(op.Key);
        var moved = op.Columns.Select(n => source.Columns.First(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        var cols = moved.Select(c => Quote(c.Name)).ToList();
        var kept = source.Columns.Where(c => !moved.Contains(c)).Select(c => Quote(c.Name)).ToList();
        string Object(string suffix) => $"cutover_{id}_{source.Name}_{suffix}";
        var oldFunction = Name(source.Schema, Object("split_old"));
        var oldTrigger = Quote(Object("split_old"));
        var newFunction = Name(source.Schema, Object("split_new"));
        var newTrigger = Quote(Object("split_new"));
        var viewFunction = Name(source.Schema, Object("split_view"));
        var versionSchema = PostgresOperations.VersionSchema(id);
        var schema = Quote(versionSchema);
        var oldView = $"{schema}.{Quote(source.Name)}";
        var newView = $"{schema}.{Quote(op.NewTable)}";
        string List(string prefix) => string.Join(", ", cols.Select(c => prefix + c));
        string Differs(string left, string right) => string.Join(" OR ", cols.Select(c => $"{left}{c} IS DISTINCT FROM {right}{c}"));

        var expand = new StringBuilder("-- cutover:up\n");
        var definitions = moved.Select(c => $"{Quote(c.Name)} {c.Type}{(c.Collation is null ? "" : " COLLATE " + Quote(c.Collation))}{(c.Default is null ? "" : " DEFAULT " + c.Default)}{(c.Nullable ? "" : " NOT NULL")}");
        expand.Append($"CREATE TABLE {created} ({key} {pkColumn.Type} PRIMARY KEY REFERENCES {table} ({pk}) ON DELETE CASCADE ON UPDATE CASCADE, {string.Join(", ", definitions)});\n");
        // An index that names only moved columns moves with them: built on the new table now (empty: at once, then kept
        // up by the backfill), under a name of its own until complete's DROP COLUMN has dropped the old one.
        var movedIndexes = source.Indexes.Where(i => moved.Any(m => i.Uses(m.Name)) && !source.Columns.Except(moved).Any(k => i.Uses(k.Name))).ToList();
        string WindowIndex(Cutover.Schema.IndexModel index) => $"cutover_{id}_{index.Name}";
        foreach (var index in movedIndexes)
            expand.Append(CreateIndex(source with { Name = op.NewTable }, index with { Name = WindowIndex(index) })).Append(";\n");
        // The old version's writes (and the new version's, routed through the old table): upsert the row of the new table.
        expand.Append($"""
            CREATE FUNCTION {oldFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$
            BEGIN
              IF TG_OP = 'UPDATE' AND NOT ({Differs("NEW.", "OLD.")}) THEN RETURN NULL; END IF;
              INSERT INTO {created} ({key}, {List("")}) VALUES (NEW.{pk}, {List("NEW.")})
                ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", cols.Select(c => $"{c} = EXCLUDED.{c}"))}
                WHERE {Differs(created + ".", "EXCLUDED.")};
              RETURN NULL;
            END;
            $cutover$;
            CREATE TRIGGER {oldTrigger} AFTER INSERT OR UPDATE OF {List("")} ON {table} FOR EACH ROW EXECUTE FUNCTION {oldFunction}();

            """);
        // Direct writes to the new table (not through the version schema): carried back to the old columns.
        expand.Append($"""
            CREATE FUNCTION {newFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$
            BEGIN
              UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = NEW.{c}"))} WHERE {pk} = NEW.{key} AND ({Differs("", "NEW.")});
              RETURN NULL;
            END;
            $cutover$;
            CREATE TRIGGER {newTrigger} AFTER UPDATE ON {created} FOR EACH ROW EXECUTE FUNCTION {newFunction}();

            """);
        // The new version's shape: the old table without the moved columns, and the new table whose writes go to the old one first.
        expand.Append($"CREATE SCHEMA IF NOT EXISTS {schema};\n");
        expand.Append($"CREATE VIEW {oldView} AS SELECT {string.Join(", ", kept)} FROM {table};\n");
        expand.Append($"CREATE VIEW {newView} AS SELECT {key}, {List("")} FROM {created};\n");
        foreach (var c in moved.Where(c => c.Default is not null))
            expand.Append($"ALTER VIEW {newView} ALTER COLUMN {Quote(c.Name)} SET DEFAULT {c.Default};\n");
        expand.Append($"""
            CREATE FUNCTION {viewFunction}() RETURNS trigger LANGUAGE plpgsql AS $cutover$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                -- A row lives as long as its row of {source.Name} through the window: deleting it resets the values.
                UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = DEFAULT"))} WHERE {pk} = OLD.{key};
                RETURN OLD;
              ELSIF TG_OP = 'INSERT' THEN
                UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = NEW.{c}"))} WHERE {pk} = NEW.{key};
                IF NOT FOUND THEN
                  -- No such row of {source.Name}: the insert fails on the foreign key, as it will after complete.
                  INSERT INTO {created} ({key}, {List("")}) VALUES (NEW.{key}, {List("NEW.")});
                END IF;
                RETURN NEW;
              END IF;
              IF NEW.{key} IS DISTINCT FROM OLD.{key} THEN
                RAISE EXCEPTION 'cutover: {op.NewTable}.{op.Key} follows {source.Name}.{source.PrimaryKey.Columns[0]} while migration {id} is expanded: change that instead' USING ERRCODE = '0A000';
              END IF;
              -- Only what the statement changed, so that a concurrent write to another column is kept.
              UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = CASE WHEN NEW.{c} IS DISTINCT FROM OLD.{c} THEN NEW.{c} ELSE {c} END"))} WHERE {pk} = OLD.{key};
              RETURN NEW;
            END;
            $cutover$;
            CREATE TRIGGER {Quote(Object("split_view"))} INSTEAD OF INSERT OR UPDATE OR DELETE ON {newView} FOR EACH ROW EXECUTE FUNCTION {viewFunction}();

            """);
        expand.Append($"-- cutover:backfill {Quote(source.Schema)}.{Quote(source.Name)}\n");
        // FOR KEY SHARE, as the foreign key's own check: a row deleted since the statement's snapshot is skipped rather
        // than failing the insert, and one updated since is copied as it is now. Ordinary updates are not blocked.
        expand.Append($"INSERT INTO {created} ({key}, {List("")}) SELECT {pk}, {List("")} FROM {table} WHERE {{batch}} FOR KEY SHARE ON CONFLICT DO NOTHING;\n");

        var removeShape = $"""
            DROP VIEW IF EXISTS {newView};
            DROP VIEW IF EXISTS {oldView};
            DROP FUNCTION IF EXISTS {viewFunction}();
            DO $cutover$ BEGIN IF NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(versionSchema)}) THEN DROP SCHEMA IF EXISTS {schema}; END IF; END $cutover$;
            DROP TRIGGER IF EXISTS {oldTrigger} ON {table};
            DROP FUNCTION IF EXISTS {oldFunction}();

            """;
        var abort = new StringBuilder("-- cutover:down\n").Append(removeShape)
            .Append($"DROP TABLE IF EXISTS {created};\nDROP FUNCTION IF EXISTS {newFunction}();\n");

        var archiveName = Name(source.Schema, $"cutover_archive_{id}_{source.Name}");
        var archive = new ArchivedData(archiveName, $"CREATE TABLE {archiveName} AS SELECT {pk}, {List("")} FROM {table}");
        // One transaction: the archive is copied first (it only reads users, so writers go on), then the triggers,
        // views and columns go under the lock the DROPs take, held only for those catalog changes.
        var complete = new StringBuilder("-- cutover:up\n")
            .Append($"DROP TABLE IF EXISTS {archive.Table};\n{archive.Create};\n")
            .Append(removeShape)
            .Append($"DROP TRIGGER IF EXISTS {newTrigger} ON {created};\nDROP FUNCTION IF EXISTS {newFunction}();\n");
        foreach (var c in cols)
            complete.Append($"ALTER TABLE {table} DROP COLUMN IF EXISTS {c};\n");
        foreach (var index in movedIndexes)
            complete.Append($"ALTER INDEX IF EXISTS {Name(source.Schema, WindowIndex(index))} RENAME TO {Quote(index.Name)};\n");

        var mismatch = $"NOT EXISTS (SELECT FROM {created} AS cutover_new WHERE cutover_new.{key} = {table}.{pk} AND NOT ({Differs("cutover_new.", table + ".")}))";
        var repair = $"INSERT INTO {created} ({key}, {List("")}) SELECT {pk}, {List("")} FROM {table} WHERE {mismatch} AND {{batch}} FOR KEY SHARE " +
                     $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", cols.Select(c => $"{c} = EXCLUDED.{c}"))}";
        // Undoing the completed split: the moved columns come back to the old table, filled by key from the new table (which
        // holds what either version wrote last; a row with no row there keeps the default), then the new table goes.
        // Statement by statement, outside a transaction: the fill takes row locks only. A rerun skips the fill once the
        // new table is gone.
        var restore = new StringBuilder("-- cutover:down no-transaction\n")
            .Append(PostgresRestore.AddBack(source, moved))
            .Append($"DO $cutover$ BEGIN IF to_regclass({Literal(created)}) IS NOT NULL THEN UPDATE {table} SET {string.Join(", ", cols.Select(c => $"{c} = cutover_new.{c}"))} " +
                    $"FROM {created} AS cutover_new WHERE cutover_new.{key} = {table}.{pk} AND ({Differs("cutover_new.", table + ".")}); END IF; END $cutover$;\n")
            .Append(string.Concat(movedIndexes.Select(i => $"DO $cutover$ BEGIN IF EXISTS (SELECT FROM pg_indexes WHERE schemaname = {Literal(source.Schema)} AND tablename = {Literal(op.NewTable)} " +
                                                           $"AND indexname = {Literal(i.Name)}) THEN DROP INDEX {Name(source.Schema, i.Name)}; END IF; END $cutover$;\n")))
            .Append(PostgresRestore.Reinstate(source, moved))
            .Append($"DROP TABLE IF EXISTS {created};\nDROP TABLE IF EXISTS {archive.Table};\n");
        var shape = $"SELECT set_config('search_path', {Literal(schema + ", ")} || current_setting('search_path'), false)";
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(),
            [new OperationCheck($"{Quote(source.Schema)}.{Quote(source.Name)}", mismatch, repair)], [shape], archive,
            [new TableName(source.Schema, op.NewTable)]) { Restore = restore.ToString() };
    }

    private static string Name(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
