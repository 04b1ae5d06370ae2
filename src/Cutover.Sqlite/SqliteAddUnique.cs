using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// add-unique in SQLite: duplicates are counted before expand (a guard); expand creates a unique index, which is what
/// SQLite gets (it enforces exactly what a UNIQUE constraint would; declaring the constraint in the table's definition
/// needs a rebuild). The build holds the write lock while it reads the table; complete has nothing left to do.
/// </summary>
internal static class SqliteAddUnique
{
    public static OperationPlan Plan(OperationTarget target, AddUnique op)
    {
        var table = Quote(target.Table.Name);
        var columns = op.Columns.Select(Quote).ToList();
        var list = string.Join(", ", columns);
        var guard = new OperationGuard(
            $"SELECT {string.Join(" || ',' || ", columns.Select(c => $"coalesce(CAST({c} AS TEXT), 'NULL')"))} AS key FROM {table} WHERE {string.Join(" AND ", columns.Select(c => $"{c} IS NOT NULL"))} GROUP BY {list} HAVING count(*) > 1",
            $"value(s) of {target.Table.Name} ({string.Join(", ", op.Columns)}) are held by more than one row",
            "remove the duplicates in an earlier migration (or a backfill), then apply this one");
        var drop = $"-- cutover:down\nDROP INDEX IF EXISTS {Quote(op.ConstraintName)};\n";
        return new OperationPlan(
            $"-- cutover:up\nCREATE UNIQUE INDEX IF NOT EXISTS {Quote(op.ConstraintName)} ON {table} ({list});\n",
            drop,
            $"-- cutover:up\n-- add-unique {op.ConstraintName}: the unique index built at expand is the constraint on SQLite\n",
            [], [], null, null, [guard]) { Restore = drop };
    }
}
