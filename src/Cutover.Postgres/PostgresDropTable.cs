using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// drop-table in PostgreSQL: a version schema cannot hide a table of a schema later in search_path (a name not found in
/// the first schema is looked up in the next), so expand changes nothing and the new version simply stops using the
/// table. Complete renames it to its archive name rather than dropping it: the data stays for the retention window and
/// a restore is a rename back.
/// </summary>
internal static class PostgresDropTable
{
    public static OperationPlan Plan(OperationTarget target, DropTable op)
    {
        var schema = Quote(target.Table.Schema);
        var archiveName = $"cutover_archive_{target.MigrationId}_{target.Table.Name}";
        var archive = $"{schema}.{Quote(archiveName)}";
        var expand = $"-- cutover:up\n-- drop-table {target.Table.Name}: the new version stops using it (PostgreSQL cannot hide it through search_path); complete archives it as {archiveName}\n";
        var abort = $"-- cutover:down\n-- drop-table {target.Table.Name}: expand changed nothing\n";
        var rename = $"ALTER TABLE IF EXISTS {schema}.{Quote(target.Table.Name)} RENAME TO {Quote(archiveName)}";
        var complete = $"-- cutover:up\n{rename};\n";
        return new OperationPlan(expand, abort, complete, [], [], new ArchivedData(archive, rename))
        {
            Restore = $"-- cutover:down\nALTER TABLE {archive} RENAME TO {Quote(target.Table.Name)};\n",
        };
    }
}
