using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// add-check in PostgreSQL: rows that break it are counted before expand (a guard); expand adds it NOT VALID (every new
/// write is held to it; existing rows are not scanned under the lock); verify counts rows that break it; complete
/// validates it (VALIDATE CONSTRAINT lets reads and writes go on).
/// </summary>
internal static class PostgresAddCheck
{
    public static OperationPlan Plan(OperationTarget target, AddCheck op)
    {
        var table = $"{Quote(target.Table.Schema)}.{Quote(target.Table.Name)}";
        var name = Quote(op.Name);
        var broken = $"NOT ({op.Expression})";
        var keyText = string.Join(" || ',' || ", target.Table.PrimaryKey!.Columns.Select(k => $"CAST({Quote(k)} AS text)"));
        var guard = new OperationGuard($"SELECT {keyText} AS key FROM {table} WHERE {broken}", $"row(s) of {target.Table.Name} break {op.Name} ({op.Expression})",
            "fix those rows in an earlier migration (or a backfill), then apply this one");
        var drop = $"-- cutover:down\nALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name};\n";
        return new OperationPlan(
            $"-- cutover:up\nALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({op.Expression}) NOT VALID;\n",
            drop,
            $"-- cutover:up no-transaction\nALTER TABLE {table} VALIDATE CONSTRAINT {name};\n",
            [new OperationCheck($"{Quote(target.Table.Schema)}.{Quote(target.Table.Name)}", $"({broken})", $"UPDATE {table} SET {Quote(target.Table.PrimaryKey.Columns[0])} = {Quote(target.Table.PrimaryKey.Columns[0])} WHERE false AND {{batch}}")],
            [], null, null, [guard]) { Restore = drop };
    }
}
