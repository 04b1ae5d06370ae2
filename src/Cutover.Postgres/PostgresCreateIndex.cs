using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// create-index in PostgreSQL: CREATE INDEX CONCURRENTLY at expand (writes go on while it builds), DROP INDEX
/// CONCURRENTLY at abort; complete has nothing left to do. A build that fails leaves an invalid index, which the rerun
/// drops first.
/// </summary>
internal static class PostgresCreateIndex
{
    public static OperationPlan Plan(OperationTarget target, CreateIndex op)
    {
        var schema = Quote(target.Table.Schema);
        var index = $"{schema}.{Quote(op.Name)}";
        var columns = string.Join(", ", op.Columns.Select(c => Quote(target.Table.Columns.First(t => string.Equals(t.Name, c, StringComparison.OrdinalIgnoreCase)).Name)));
        var drop = $"-- cutover:down no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS {index};\n";
        return new OperationPlan(
            $"-- cutover:up no-transaction\n{DropInvalid(target.Table.Schema, op.Name)}CREATE INDEX CONCURRENTLY IF NOT EXISTS {Quote(op.Name)} ON {schema}.{Quote(target.Table.Name)} ({columns});\n",
            drop,
            $"-- cutover:up\n-- create-index {op.Name}: built at expand, nothing left to do\n",
            [], []) { Restore = drop };
    }

    /// <summary>A concurrent build that failed (a duplicate, a kill) leaves an invalid index of that name, which IF NOT EXISTS would keep: drop it first.</summary>
    public static string DropInvalid(string schema, string name) =>
        $"DO $cutover$ BEGIN IF EXISTS (SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
        $"WHERE n.nspname = '{schema.Replace("'", "''", StringComparison.Ordinal)}' AND c.relname = '{name.Replace("'", "''", StringComparison.Ordinal)}' AND NOT i.indisvalid) " +
        $"THEN EXECUTE 'DROP INDEX {Quote(schema).Replace("'", "''", StringComparison.Ordinal)}.{Quote(name).Replace("'", "''", StringComparison.Ordinal)}'; END IF; END $cutover$;\n";
}
