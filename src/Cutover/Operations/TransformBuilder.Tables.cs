using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>The catalog checks of the operations that create, rename or reach other tables.</summary>
internal static partial class TransformBuilder
{
    private static void CheckTables(string path, Operation operation, TableModel table, SchemaModel model, SqlSemantics semantics)
    {
        var same = semantics.Identifiers;
        switch (operation)
        {
            case RenameTable rename:
                TableFree(path, operation, table.Schema, rename.NewName, model, same);
                break;
            case DropTable:
            {
                var referencing = model.Tables.Where(t => t != table && t.ForeignKeys.Any(f => same.Equals(f.ReferencedTable, table.Name) && (f.ReferencedSchema.Length == 0 || same.Equals(f.ReferencedSchema, table.Schema)))).ToList();
                if (referencing.Count > 0)
                    throw Bad(path, operation, $"{string.Join(", ", referencing.Select(t => t.Name))} reference{(referencing.Count == 1 ? "s" : "")} {table.Name} by a foreign key",
                        "drop those foreign keys (or the tables) in an earlier migration: the archived table would still be referenced");
                break;
            }
            case SplitTable split:
            {
                if (table.PrimaryKey!.Columns.Count != 1)
                    throw Bad(path, operation, $"{table.Name} has a primary key of {table.PrimaryKey.Columns.Count} columns",
                        "split-table keys the new table by the old one's primary key, which must be one column");
                TableFree(path, operation, table.Schema, split.NewTable, model, same);
                if (split.Columns.Distinct(same).Count() != split.Columns.Count)
                    throw Bad(path, operation, "a column is listed twice", "list each column that moves once");
                foreach (var name in split.Columns)
                {
                    var column = table.Columns.FirstOrDefault(c => same.Equals(c.Name, name))
                        ?? throw Bad(path, operation, $"{table.Name} has no column {name}", $"columns: {string.Join(", ", table.Columns.Select(c => c.Name))}");
                    if (same.Equals(name, split.Key))
                        throw Bad(path, operation, $"the key column {split.Key} has the name of a column that moves", "name the key column differently");
                    if (table.PrimaryKey.Columns.Contains(column.Name, same))
                        throw Bad(path, operation, $"{name} is the primary key of {table.Name}", "the key stays; move other columns");
                    if (table.ForeignKeys.Any(f => f.Columns.Contains(column.Name, same)))
                        throw Bad(path, operation, $"{name} is in a foreign key of {table.Name}", "drop the foreign key in an earlier migration, move the column, then add it to the new table");
                    if (column.Generated is not null || column.Identity is not null)
                        throw Bad(path, operation, $"{name} is a generated or identity column", "move plain columns only");
                    if (column is { Nullable: false, Default: null })
                        throw Bad(path, operation, $"{name} is NOT NULL without a default: the new version, which inserts rows of {table.Name} without it, could not",
                            "give it a default in an earlier migration (or make it nullable), then move it");
                }
                break;
            }
        }
    }

    /// <summary>A table name the operation creates must be free in its schema (no table and no view has it).</summary>
    private static void TableFree(string path, Operation operation, string schema, string name, SchemaModel model, IEqualityComparer<string> same)
    {
        if (model.Tables.Any(t => same.Equals(t.Schema, schema) && same.Equals(t.Name, name)) || model.Views.Any(v => same.Equals(v.Schema, schema) && same.Equals(v.Name, name)))
            throw Bad(path, operation, $"{(schema.Length > 0 ? schema + "." : "")}{name} exists already", "choose another name, or drop it in an earlier migration");
    }
}
