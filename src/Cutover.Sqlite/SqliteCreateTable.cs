using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>create-table in SQLite: created at expand, dropped by abort (with what the new version wrote there), kept by complete.</summary>
internal static class SqliteCreateTable
{
    public static OperationPlan Plan(OperationTarget target, CreateTable op)
    {
        var drop = $"-- cutover:down\nDROP TABLE IF EXISTS {Quote(target.Table.Name)};\n";
        return new OperationPlan($"-- cutover:up\nCREATE TABLE IF NOT EXISTS {Quote(target.Table.Name)} ({op.Definition});\n", drop,
            $"-- cutover:up\n-- create-table {target.Table.Name}: created at expand, nothing left to do\n", [], []) { Restore = drop };
    }
}
