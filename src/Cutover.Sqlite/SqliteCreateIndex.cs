using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// create-index in SQLite: CREATE INDEX at expand. SQLite has no concurrent build: the build holds the database's
/// write lock while it reads the table (writers wait, up to their busy timeout; readers go on in WAL mode).
/// </summary>
internal static class SqliteCreateIndex
{
    public static OperationPlan Plan(OperationTarget target, CreateIndex op)
    {
        var drop = $"-- cutover:down\nDROP INDEX IF EXISTS {Quote(op.Name)};\n";
        return new OperationPlan(
            $"-- cutover:up\nCREATE INDEX IF NOT EXISTS {Quote(op.Name)} ON {Quote(target.Table.Name)} ({string.Join(", ", op.Columns.Select(Quote))});\n",
            drop,
            $"-- cutover:up\n-- create-index {op.Name}: built at expand, nothing left to do\n",
            [], []) { Restore = drop };
    }
}
