using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// add-unique in PostgreSQL: duplicates are counted before expand (a guard); expand builds the unique index
/// CONCURRENTLY (enforced for every write once built, without blocking writes while it builds); complete makes it the
/// constraint (ADD CONSTRAINT … UNIQUE USING INDEX, a short lock and no scan); abort drops the index CONCURRENTLY.
/// </summary>
internal static class PostgresAddUnique
{
    public static OperationPlan Plan(OperationTarget target, AddUnique op)
    {
        var schema = Quote(target.Table.Schema);
        var table = $"{schema}.{Quote(target.Table.Name)}";
        var name = Quote(op.ConstraintName);
        var columns = op.Columns.Select(c => Quote(target.Table.Columns.First(t => string.Equals(t.Name, c, StringComparison.OrdinalIgnoreCase)).Name)).ToList();
        var list = string.Join(", ", columns);
        var expand = $"-- cutover:up no-transaction\n{PostgresCreateIndex.DropInvalid(target.Table.Schema, op.ConstraintName)}CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} ({list});\n";
        var abort = $"-- cutover:down no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS {schema}.{name};\n";
        var complete = $"-- cutover:up\nDO $cutover$ BEGIN IF NOT EXISTS (SELECT FROM pg_constraint WHERE conname = '{op.ConstraintName.Replace("'", "''", StringComparison.Ordinal)}' AND conrelid = '{table.Replace("'", "''", StringComparison.Ordinal)}'::regclass) " +
                       $"THEN ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}; END IF; END $cutover$;\n";
        var guard = new OperationGuard(
            $"SELECT {string.Join(" || ',' || ", columns.Select(c => $"coalesce(CAST({c} AS text), 'NULL')"))} AS key FROM {table} WHERE {string.Join(" AND ", columns.Select(c => $"{c} IS NOT NULL"))} GROUP BY {list} HAVING count(*) > 1",
            $"value(s) of {target.Table.Name} ({string.Join(", ", op.Columns)}) are held by more than one row",
            "remove the duplicates in an earlier migration (or a backfill), then apply this one");
        // After complete the index belongs to the constraint: dropping the constraint drops it.
        return new OperationPlan(expand, abort, complete, [], [], null, null, [guard])
        {
            Restore = $"-- cutover:down\nALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name};\nDROP INDEX IF EXISTS {schema}.{name};\n",
        };
    }
}
