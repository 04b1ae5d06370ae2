using Cutover.Operations;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// drop-table in SQLite: nothing to do at expand (the new version simply stops using the table; a TEMP view could only
/// shadow it with another relation, which would turn a forgotten read into a wrong answer instead of an error); complete
/// renames it to its archive name, so that the data stays for the retention window and a restore is a rename back.
/// </summary>
internal static class SqliteDropTable
{
    public static OperationPlan Plan(OperationTarget target, DropTable op)
    {
        var table = Quote(target.Table.Name);
        var archive = Quote($"cutover_archive_{target.MigrationId}_{target.Table.Name}");
        var expand = $"-- cutover:up\n-- drop-table {target.Table.Name}: the new version stops using it; complete archives it as {archive}\n";
        var abort = $"-- cutover:down\n-- drop-table {target.Table.Name}: expand changed nothing\n";
        var rename = $"ALTER TABLE {table} RENAME TO {archive}";
        var complete = $"-- cutover:up\n{rename};\n";
        return new OperationPlan(expand, abort, complete, [], [], new ArchivedData(archive, rename))
        {
            Restore = $"-- cutover:down\nALTER TABLE {archive} RENAME TO {table};\n",
        };
    }
}
