using System.Text;
using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// rename-table in SQLite: expand creates a view of the table, <c>cutover_v&lt;id&gt;_&lt;new name&gt;</c>, whose INSTEAD
/// OF triggers write the table, and the new version's connections get the new name for it from a TEMP view (the shape
/// statements); complete drops them and renames the table (ALTER TABLE … RENAME TO, which SQLite applies to the
/// foreign keys, triggers and views that name it). A connection of the new version reopens after complete: its TEMP
/// view names the view complete drops.
/// </summary>
internal static class SqliteRenameTable
{
    public static OperationPlan Plan(OperationTarget target, RenameTable op)
    {
        var source = target.Table;
        var table = Quote(source.Name);
        var viewName = $"cutover_v{target.MigrationId}_{op.NewName}";
        var view = Quote(viewName);
        var columns = source.Columns.Where(c => c.Generated is null).ToList();
        var quoted = columns.Select(c => Quote(c.Name)).ToList();
        var key = source.PrimaryKey!.Columns;
        var byKey = string.Join(" AND ", key.Select(k => $"{Quote(k)} = OLD.{Quote(k)}"));
        var triggers = new[] { "insert", "update", "delete" }.Select(s => Quote($"{viewName}_{s}")).ToList();

        var expand = new StringBuilder("-- cutover:up\n")
            .Append($"CREATE VIEW {view} AS SELECT * FROM {table};\n")
            // A value the new version left out arrives as NULL through a view: it gets the column's default, as an INSERT into the table would.
            .Append($"CREATE TRIGGER {triggers[0]} INSTEAD OF INSERT ON {view} FOR EACH ROW BEGIN INSERT INTO {table} ({string.Join(", ", quoted)}) " +
                    $"VALUES ({string.Join(", ", columns.Select(c => c.Default is null ? $"NEW.{Quote(c.Name)}" : $"coalesce(NEW.{Quote(c.Name)}, {c.Default})"))}); END;\n")
            .Append($"CREATE TRIGGER {triggers[1]} INSTEAD OF UPDATE ON {view} FOR EACH ROW BEGIN UPDATE {table} SET {string.Join(", ", quoted.Select(c => $"{c} = NEW.{c}"))} WHERE {byKey}; END;\n")
            .Append($"CREATE TRIGGER {triggers[2]} INSTEAD OF DELETE ON {view} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {byKey}; END;\n");
        var removeShape = string.Concat(triggers.Select(t => $"DROP TRIGGER IF EXISTS {t};\n")) + $"DROP VIEW IF EXISTS {view};\n";
        var abort = "-- cutover:down\n" + removeShape;
        var complete = "-- cutover:up\n" + removeShape + $"ALTER TABLE {table} RENAME TO {Quote(op.NewName)};\n";
        var shape = SqliteTempAlias.Statements(op.NewName, viewName, source.Columns.Select(c => c.Name).ToList(), key).ToList();
        return new OperationPlan(expand.ToString(), abort, complete, [], shape, null, [new TableName(null, op.NewName)])
        {
            Restore = $"-- cutover:down\nALTER TABLE {Quote(op.NewName)} RENAME TO {table};\n",
        };
    }
}
