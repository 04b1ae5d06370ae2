using System.Text;
using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// Declared operations in PostgreSQL SQL. Both shapes live in the one physical table: expand adds the new columns,
/// one BEFORE INSERT OR UPDATE trigger keeps them in step with the old ones (it sees which side a write changed and
/// derives the other in the same row version: no recursion, no lost update), and a schema of views per migration
/// (<c>cutover_v&lt;id&gt;</c>) gives the new version its names through search_path. Simple views are updatable, so
/// the new version writes through them with RETURNING and defaults intact. Constraints go in NOT VALID and are
/// validated at complete, where the old columns are archived and dropped under the lock_timeout retry policy.
/// </summary>
internal static class PostgresOperations
{
    /// <summary>The schema of views that holds the new version's shape of every table the migration changes.</summary>
    public static string VersionSchema(string migrationId) => $"cutover_v{migrationId}";

    public static OperationPlan Plan(TableTransform t)
    {
        var table = Name(t.Table.Schema, t.Table.Name);
        var function = Name(t.Table.Schema, t.ObjectName("sync"));
        var trigger = Quote(t.ObjectName("sync"));
        var schema = Quote(VersionSchema(t.MigrationId));
        var view = $"{schema}.{Quote(t.Table.Name)}";
        var notNullChecks = t.RequireNotNull.Select(c => (Column: c, Physical: PhysicalOf(t, c), Check: Quote(t.ObjectName(c + "_not_null")))).ToList();

        var expand = new StringBuilder("-- cutover:up\n");
        foreach (var added in t.Added)
            expand.Append($"ALTER TABLE {table} ADD COLUMN {Quote(added.Physical)} {added.Type}{(added.Default is null ? "" : " DEFAULT " + added.Default)};\n");
        foreach (var column in t.DropNotNull)
            expand.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(column)} DROP NOT NULL;\n");
        foreach (var check in notNullChecks)
            expand.Append($"ALTER TABLE {table} ADD CONSTRAINT {check.Check} CHECK ({Quote(check.Physical)} IS NOT NULL) NOT VALID;\n");
        if (t.NeedsTrigger)
        {
            expand.Append($"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $cutover$\n{TriggerBody(t)}$cutover$;\n");
            expand.Append($"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}();\n");
        }
        expand.Append($"CREATE SCHEMA IF NOT EXISTS {schema};\n");
        expand.Append($"CREATE VIEW {view} AS SELECT {string.Join(", ", t.NewShape.Select(c => c.Name == c.Physical ? Quote(c.Name) : $"{Quote(c.Physical)} AS {Quote(c.Name)}"))} FROM {table};\n");
        if (t.NeedsBackfill)
            expand.Append($"-- cutover:backfill {Canonical(t)}\n{Backfill(t, table)};\n");

        var removeObjects = new StringBuilder();
        removeObjects.Append($"DROP VIEW IF EXISTS {view};\n");
        removeObjects.Append($"DO $cutover$ BEGIN IF NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(VersionSchema(t.MigrationId))}) " +
                             $"THEN DROP SCHEMA IF EXISTS {schema}; END IF; END $cutover$;\n");
        if (t.NeedsTrigger)
            removeObjects.Append($"DROP TRIGGER IF EXISTS {trigger} ON {table};\nDROP FUNCTION IF EXISTS {function}();\n");

        var abort = new StringBuilder("-- cutover:down\n").Append(removeObjects);
        foreach (var check in notNullChecks)
            abort.Append($"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check.Check};\n");
        foreach (var added in t.Added)
            abort.Append($"ALTER TABLE {table} DROP COLUMN IF EXISTS {Quote(added.Physical)};\n");
        foreach (var column in t.DropNotNull)
            abort.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(column)} SET NOT NULL;\n");

        var archive = t.Dropped.Count == 0 ? null : new ArchivedData(
            Name(t.Table.Schema, ArchiveName(t)),
            $"CREATE TABLE {Name(t.Table.Schema, ArchiveName(t))} AS SELECT {string.Join(", ", t.ArchivedColumns.Select(c => $"{Quote(c.Source)} AS {Quote(c.Name)}"))} FROM {table}");
        var complete = new StringBuilder("-- cutover:up\n").Append(removeObjects);
        if (archive is not null)
            complete.Append($"-- cutover:up\nDROP TABLE IF EXISTS {archive.Table};\n{archive.Create};\n");
        foreach (var check in notNullChecks)
            complete.Append($"-- cutover:up no-transaction\nALTER TABLE {table} VALIDATE CONSTRAINT {check.Check};\n");
        complete.Append("-- cutover:up\n");
        foreach (var column in t.Dropped)
            complete.Append($"ALTER TABLE {table} DROP COLUMN IF EXISTS {Quote(column)};\n");
        foreach (var (from, to) in t.Renames)
            complete.Append($"ALTER TABLE {table} RENAME COLUMN {Quote(from)} TO {Quote(to)};\n");
        foreach (var (column, value) in t.CompleteDefaults)
            complete.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(column)} SET DEFAULT {value};\n");
        foreach (var check in notNullChecks)
            complete.Append($"ALTER TABLE {table} ALTER COLUMN {Quote(check.Column)} SET NOT NULL;\nALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check.Check};\n");
        if (t.Dropped.Count == 0 && t.Renames.Count == 0 && notNullChecks.Count == 0)
            complete.Append($"-- {t.Operation.Kind}: nothing of the old shape to drop\n");

        var checks = Mismatch(t, table) is { } mismatch
            ? new[] { new OperationCheck(Canonical(t), mismatch, $"UPDATE {table} SET {Derive(t, table)} WHERE {mismatch} AND {{batch}}") }
            : [];
        var shape = $"SELECT set_config('search_path', {Literal(Quote(VersionSchema(t.MigrationId)) + ", ")} || current_setting('search_path'), false)";
        return new OperationPlan(expand.ToString(), abort.ToString(), complete.ToString(), checks, [shape], archive);
    }

    /// <summary>The archive of what complete drops: Cutover's own table (its name starts with cutover_), kept for the retention window.</summary>
    private static string ArchiveName(TableTransform t) => $"cutover_archive_{t.MigrationId}_{t.Table.Name}";

    private static string Canonical(TableTransform t) => $"{Quote(t.Table.Schema)}.{Quote(t.Table.Name)}";

    private static string PhysicalOf(TableTransform t, string final) =>
        t.Added.FirstOrDefault(a => a.Final == final)?.Physical ?? final;

    private static string Name(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The new shape of a row, over <paramref name="row"/> (<c>NEW</c> or the table), for down expressions.</summary>
    private static string NewProjection(TableTransform t, string row) =>
        string.Join(", ", t.NewShape.Select(c => $"{row}.{Quote(c.Physical)} AS {Quote(c.Name)}"));

    private static IEnumerable<AddedColumn> Derived(TableTransform t) => t.Added.Where(a => a.Up is not null);

    /// <summary>SET list that derives the new columns from the old ones (up expressions over the row itself).</summary>
    private static string Derive(TableTransform t, string table) =>
        string.Join(", ", Derived(t).Select(a => $"{Quote(a.Physical)} = ({a.Up})")
            .Concat(t.Fill is { } f ? [$"{Quote(f.Column)} = coalesce({Quote(f.Column)}, ({f.Up}))"] : []));

    /// <summary>Existing rows: the new columns where still NULL (rows the new version wrote have them), NULLs the fill replaces.</summary>
    private static string Backfill(TableTransform t, string table)
    {
        var conditions = new List<string>();
        if (Derived(t).Any())
            conditions.Add("(" + string.Join(" AND ", Derived(t).Select(a => $"{Quote(a.Physical)} IS NULL")) + ")");
        if (t.Fill is { } fill)
            conditions.Add($"{Quote(fill.Column)} IS NULL");
        return $"UPDATE {table} SET {Derive(t, table)} WHERE ({string.Join(" OR ", conditions)}) AND {{batch}}";
    }

    /// <summary>
    /// A row whose shapes disagree: neither is the new shape what the up expressions make of the old one, nor the old
    /// shape what the down expressions make of the new one (a lossy pair is consistent in the direction last written).
    /// Null when the shapes share every value (rename, drop).
    /// </summary>
    private static string? Mismatch(TableTransform t, string table)
    {
        var parts = new List<string>();
        var derived = Derived(t).ToList();
        if (derived.Count > 0 && t.Restored.Count == 0)
            parts.Add("(" + string.Join(" OR ", derived.Select(a => $"({table}.{Quote(a.Physical)} IS NULL AND ({a.Up}) IS NOT NULL)")) + ")");
        else if (derived.Count > 0)
        {
            var upWrong = string.Join(" OR ", derived.Select(a => $"{table}.{Quote(a.Physical)} IS DISTINCT FROM CAST(({a.Up}) AS {a.Type})"));
            var downWrong = string.Join(" OR ", t.Restored.Select(r =>
                $"{table}.{Quote(r.Name)} IS DISTINCT FROM (SELECT CAST(({r.Down}) AS {TypeOf(t, r.Name)}) FROM (SELECT {NewProjection(t, table)}) AS cutover_new)"));
            parts.Add($"(({upWrong}) AND ({downWrong}))");
        }
        if (t.Fill is { } fill)
            parts.Add($"{table}.{Quote(fill.Column)} IS NULL");
        return parts.Count == 0 ? null : "(" + string.Join(" OR ", parts) + ")";
    }

    private static string TypeOf(TableTransform t, string column) => t.Table.Columns.First(c => c.Name == column).Type;

    /// <summary>
    /// The trigger: an insert without the new columns, or an update of the old ones, comes from the old version (derive
    /// the new columns); an insert with them, or an update of them that the up expressions would not have made, comes from
    /// the new version (derive the old columns). Expressions are evaluated over a projection of NEW, so they name columns
    /// exactly as the user wrote them.
    /// </summary>
    private static string TriggerBody(TableTransform t)
    {
        var derived = Derived(t).ToList();
        var body = new StringBuilder();
        if (derived.Count > 0)
            body.Append("DECLARE\n");
        for (var i = 0; i < derived.Count; i++)
            body.Append($"  up{i} {derived[i].Type};\n");
        body.Append("BEGIN\n");
        string DeriveNew() => derived.Count == 0 ? "" :
            $"SELECT {string.Join(", ", derived.Select(a => $"({a.Up})"))} INTO {string.Join(", ", derived.Select(a => "NEW." + Quote(a.Physical)))} FROM (SELECT NEW.*) AS cutover_old;";
        string DeriveOld() => t.Restored.Count == 0 ? "" :
            $"SELECT {string.Join(", ", t.Restored.Select(r => $"({r.Down})"))} INTO {string.Join(", ", t.Restored.Select(r => "NEW." + Quote(r.Name)))} FROM (SELECT {NewProjection(t, "NEW")}) AS cutover_new;";
        var allNewNull = derived.Count == 0 ? "false" : string.Join(" AND ", derived.Select(a => $"NEW.{Quote(a.Physical)} IS NULL"));
        if (derived.Count > 0 && t.Restored.Count == 0)
        {
            // A new column the old version does not know: filled from the row whenever it is NULL.
            foreach (var a in derived)
                body.Append($"  IF NEW.{Quote(a.Physical)} IS NULL THEN SELECT ({a.Up}) INTO NEW.{Quote(a.Physical)} FROM (SELECT NEW.*) AS cutover_old; END IF;\n");
        }
        else if (derived.Count > 0)
        {
            var oldChanged = string.Join(" OR ", t.Restored.Select(r => $"NEW.{Quote(r.Name)} IS DISTINCT FROM OLD.{Quote(r.Name)}"));
            var newChanged = string.Join(" OR ", derived.Select(a => $"NEW.{Quote(a.Physical)} IS DISTINCT FROM OLD.{Quote(a.Physical)}"));
            var inconsistent = string.Join(" OR ", derived.Select((a, i) => $"NEW.{Quote(a.Physical)} IS DISTINCT FROM up{i}"));
            body.Append($"  IF TG_OP = 'INSERT' THEN\n");
            body.Append($"    IF {allNewNull} THEN {DeriveNew()} ELSE {DeriveOld()} END IF;\n");
            body.Append($"  ELSIF {oldChanged} THEN\n    {DeriveNew()}\n");
            body.Append($"  ELSIF {newChanged} THEN\n");
            body.Append($"    SELECT {string.Join(", ", derived.Select(a => $"({a.Up})"))} INTO {string.Join(", ", derived.Select((_, i) => $"up{i}"))} FROM (SELECT NEW.*) AS cutover_old;\n");
            body.Append($"    IF {inconsistent} THEN {DeriveOld()} END IF;\n");
            body.Append("  END IF;\n");
        }
        if (t.Fill is { } fill)
            body.Append($"  IF NEW.{Quote(fill.Column)} IS NULL THEN SELECT ({fill.Up}) INTO NEW.{Quote(fill.Column)} FROM (SELECT NEW.*) AS cutover_old; END IF;\n");
        body.Append("  RETURN NEW;\nEND;\n");
        return body.ToString();
    }
}
