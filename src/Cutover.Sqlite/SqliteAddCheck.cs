using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// add-check in SQLite. A CHECK constraint can only be declared by rebuilding the table, which operations do not do; so
/// SQLite gets it enforced by BEFORE INSERT and BEFORE UPDATE triggers that refuse a row for which the condition is
/// false (SQLite's own 'CHECK constraint failed: &lt;name&gt;'), the condition evaluated over the new row. Rows that break
/// it are counted before expand (a guard) and by verify. Expand creates the triggers under Cutover's names; complete
/// replaces them by the same triggers named after the constraint (<c>&lt;name&gt;_insert</c>, <c>&lt;name&gt;_update</c>),
/// part of the schema from then on. A later table rebuild can declare the constraint and drop them.
/// </summary>
internal static class SqliteAddCheck
{
    public static OperationPlan Plan(OperationTarget target, AddCheck op)
    {
        var table = Quote(target.Table.Name);
        var row = string.Join(", ", target.Table.Columns.Select(c => $"NEW.{Quote(c.Name)} AS {Quote(c.Name)}"));
        var when = $"EXISTS (SELECT 1 FROM (SELECT {row}) WHERE NOT ({op.Expression}))";
        var refuse = $"SELECT RAISE(ABORT, 'CHECK constraint failed: {op.Name}');";
        string Create(string prefix) =>
            $"CREATE TRIGGER {Quote(prefix + "_insert")} BEFORE INSERT ON {table} FOR EACH ROW WHEN {when} BEGIN {refuse} END;\n" +
            $"CREATE TRIGGER {Quote(prefix + "_update")} BEFORE UPDATE ON {table} FOR EACH ROW WHEN {when} BEGIN {refuse} END;\n";
        string Drop(string prefix) => $"DROP TRIGGER IF EXISTS {Quote(prefix + "_insert")};\nDROP TRIGGER IF EXISTS {Quote(prefix + "_update")};\n";
        var window = $"cutover_{target.MigrationId}_{target.Table.Name}_{op.Name}";
        var broken = $"NOT ({op.Expression})";
        var keyText = string.Join(" || ',' || ", target.Table.PrimaryKey!.Columns.Select(k => $"CAST({Quote(k)} AS TEXT)"));
        var guard = new OperationGuard($"SELECT {keyText} AS key FROM {table} WHERE {broken}", $"row(s) of {target.Table.Name} break {op.Name} ({op.Expression})",
            "fix those rows in an earlier migration (or a backfill), then apply this one");
        return new OperationPlan("-- cutover:up\n" + Create(window), "-- cutover:down\n" + Drop(window), "-- cutover:up\n" + Drop(window) + Drop(op.Name) + Create(op.Name),
            [new OperationCheck(table, $"({broken})", $"UPDATE {table} SET {Quote(target.Table.PrimaryKey.Columns[0])} = {Quote(target.Table.PrimaryKey.Columns[0])} WHERE 0 AND {{batch}}")],
            [], null, null, [guard]) { Restore = "-- cutover:down\n" + Drop(op.Name) };
    }
}
