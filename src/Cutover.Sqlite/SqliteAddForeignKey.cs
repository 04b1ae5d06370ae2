using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// add-foreign-key in SQLite. A FOREIGN KEY clause can only be declared by rebuilding the table, which operations do
/// not do; so SQLite gets the key enforced by triggers: BEFORE INSERT and BEFORE UPDATE OF the column on the child
/// (a value the parent does not have is refused with SQLite's own 'FOREIGN KEY constraint failed'), and on the parent
/// BEFORE DELETE / BEFORE UPDATE OF the key (refused while children point at it) or, for on delete cascade / set null,
/// an AFTER DELETE that deletes or clears the children. They hold whatever PRAGMA foreign_keys says. Expand creates
/// them under Cutover's names; complete replaces them by the same triggers named after the key
/// (<c>&lt;table&gt;_&lt;column&gt;_fkey_insert</c> …), which are part of the schema from then on. PRAGMA
/// foreign_key_list does not list the key; a later table rebuild can declare it and drop the triggers.
/// </summary>
internal static class SqliteAddForeignKey
{
    public static OperationPlan Plan(OperationTarget target, AddForeignKey op)
    {
        var child = target.Table;
        var parent = target.Referenced!;
        var table = Quote(child.Name);
        var parentTable = Quote(parent.Name);
        var column = Quote(child.Columns.First(c => string.Equals(c.Name, op.Column, StringComparison.OrdinalIgnoreCase)).Name);
        var key = Quote(parent.Columns.First(c => string.Equals(c.Name, op.ReferencedColumn, StringComparison.OrdinalIgnoreCase)).Name);
        var missing = $"NEW.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parentTable} WHERE {key} = NEW.{column})";
        const string refuse = "SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');";
        var children = $"EXISTS (SELECT 1 FROM {table} WHERE {column} = OLD.{key})";
        var definitions = new List<(string Suffix, string Body)>
        {
            ("insert", $"BEFORE INSERT ON {table} FOR EACH ROW WHEN {missing} BEGIN {refuse} END"),
            ("update", $"BEFORE UPDATE OF {column} ON {table} FOR EACH ROW WHEN {missing} BEGIN {refuse} END"),
            ("parent_update", $"BEFORE UPDATE OF {key} ON {parentTable} FOR EACH ROW WHEN NEW.{key} IS NOT OLD.{key} AND {children} BEGIN {refuse} END"),
            ("parent_delete", op.OnDelete switch
            {
                "cascade" => $"AFTER DELETE ON {parentTable} FOR EACH ROW BEGIN DELETE FROM {table} WHERE {column} = OLD.{key}; END",
                "set null" => $"AFTER DELETE ON {parentTable} FOR EACH ROW BEGIN UPDATE {table} SET {column} = NULL WHERE {column} = OLD.{key}; END",
                _ => $"BEFORE DELETE ON {parentTable} FOR EACH ROW WHEN {children} BEGIN {refuse} END",
            }),
        };
        string Create(string prefix) => string.Concat(definitions.Select(d => $"CREATE TRIGGER {Quote($"{prefix}_{d.Suffix}")} {d.Body};\n"));
        string Drop(string prefix) => string.Concat(definitions.Select(d => $"DROP TRIGGER IF EXISTS {Quote($"{prefix}_{d.Suffix}")};\n"));
        var window = $"cutover_{target.MigrationId}_{child.Name}_{op.Column}_fkey";

        var expand = "-- cutover:up\n" + Create(window);
        var abort = "-- cutover:down\n" + Drop(window);
        var complete = "-- cutover:up\n" + Drop(window) + Drop(op.ConstraintName) + Create(op.ConstraintName);
        var orphan = $"{table}.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parentTable} AS cutover_parent WHERE cutover_parent.{key} = {table}.{column})";
        var keyText = string.Join(" || ',' || ", child.PrimaryKey!.Columns.Select(k => $"CAST({table}.{Quote(k)} AS TEXT)"));
        var guard = new OperationGuard($"SELECT {keyText} AS key FROM {table} WHERE {orphan}",
            $"row(s) of {child.Name} have a {op.Column} that {parent.Name} does not have",
            $"fix or delete those rows (or add their {parent.Name}) in an earlier migration, then apply this one");
        var check = new OperationCheck(table, orphan, $"UPDATE {table} SET {column} = {column} WHERE 0 AND {{batch}}");
        return new OperationPlan(expand, abort, complete, [check], [], null, [new TableName(null, parent.Name)], [guard]) { Restore = "-- cutover:down\n" + Drop(op.ConstraintName) };
    }
}
