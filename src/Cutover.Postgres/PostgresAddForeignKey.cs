using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// add-foreign-key in PostgreSQL: the orphans are counted before expand (a guard), expand adds the constraint NOT VALID
/// (new writes are held to it at once; existing rows are not scanned under the lock), verify counts orphans that slipped
/// in between the count and the constraint, and complete validates it (VALIDATE CONSTRAINT takes a lock that lets
/// reads and writes go on).
/// </summary>
internal static class PostgresAddForeignKey
{
    public static OperationPlan Plan(OperationTarget target, AddForeignKey op)
    {
        var child = target.Table;
        var parent = target.Referenced!;
        var table = $"{Quote(child.Schema)}.{Quote(child.Name)}";
        var parentTable = $"{Quote(parent.Schema)}.{Quote(parent.Name)}";
        var column = Quote(child.Columns.First(c => string.Equals(c.Name, op.Column, StringComparison.OrdinalIgnoreCase)).Name);
        var key = Quote(parent.Columns.First(c => string.Equals(c.Name, op.ReferencedColumn, StringComparison.OrdinalIgnoreCase)).Name);
        var constraint = Quote(op.ConstraintName);
        var onDelete = op.OnDelete is null ? "" : " ON DELETE " + op.OnDelete.ToUpperInvariant();

        var expand = $"-- cutover:up\nALTER TABLE {table} ADD CONSTRAINT {constraint} FOREIGN KEY ({column}) REFERENCES {parentTable} ({key}){onDelete} NOT VALID;\n";
        var abort = $"-- cutover:down\nALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint};\n";
        var complete = $"-- cutover:up no-transaction\nALTER TABLE {table} VALIDATE CONSTRAINT {constraint};\n";
        var orphan = $"{table}.{column} IS NOT NULL AND NOT EXISTS (SELECT FROM {parentTable} AS cutover_parent WHERE cutover_parent.{key} = {table}.{column})";
        var keyText = string.Join(" || ',' || ", child.PrimaryKey!.Columns.Select(k => $"CAST({table}.{Quote(k)} AS text)"));
        var guard = new OperationGuard($"SELECT {keyText} AS key FROM {table} WHERE {orphan}",
            $"row(s) of {child.Name} have a {op.Column} that {parent.Name} does not have",
            $"fix or delete those rows (or add their {parent.Name}) in an earlier migration, then apply this one");
        // verify cannot invent the missing parents: its repair changes nothing, and the orphans it lists are for you to fix.
        var check = new OperationCheck($"{Quote(child.Schema)}.{Quote(child.Name)}", orphan, $"UPDATE {table} SET {column} = {column} WHERE false AND {{batch}}");
        return new OperationPlan(expand, abort, complete, [check], [], null, [new TableName(parent.Schema, parent.Name)], [guard]) { Restore = abort };
    }
}
