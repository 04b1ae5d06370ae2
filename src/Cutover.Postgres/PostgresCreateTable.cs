using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// create-table in PostgreSQL: created at expand in its schema of the tables (not the version schema: both versions may
/// read it, and it stays where it is at complete); abort drops it, with what the new version wrote there (the old
/// version never saw it).
/// </summary>
internal static class PostgresCreateTable
{
    public static OperationPlan Plan(OperationTarget target, CreateTable op)
    {
        var table = $"{Quote(target.Table.Schema)}.{Quote(target.Table.Name)}";
        var drop = $"-- cutover:down\nDROP TABLE IF EXISTS {table};\n";
        return new OperationPlan($"-- cutover:up\nCREATE TABLE IF NOT EXISTS {table} ({op.Definition});\n", drop,
            $"-- cutover:up\n-- create-table {target.Table.Name}: created at expand, nothing left to do\n", [], []) { Restore = drop };
    }
}
