using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>The catalog checks of the operations that create, rename or reach other tables.</summary>
internal static partial class TransformBuilder
{
    /// <summary>Checks what the operation names besides its table; returns the table a foreign key references.</summary>
    private static TableModel? CheckTables(string path, Operation operation, TableModel table, SchemaModel model, IReadOnlyList<string> schemas, SqlSemantics semantics)
    {
        var same = semantics.Identifiers;
        switch (operation)
        {
            case AddForeignKey fk:
            {
                var column = table.Columns.FirstOrDefault(c => same.Equals(c.Name, fk.Column))
                    ?? throw Bad(path, operation, $"{table.Name} has no column {fk.Column}", $"columns: {string.Join(", ", table.Columns.Select(c => c.Name))}");
                var parent = Resolve(path, operation, fk.References, model, schemas, semantics);
                var key = parent.Columns.FirstOrDefault(c => same.Equals(c.Name, fk.ReferencedColumn))
                    ?? throw Bad(path, operation, $"{parent.Name} has no column {fk.ReferencedColumn}", $"columns: {string.Join(", ", parent.Columns.Select(c => c.Name))}");
                bool IsKey(IReadOnlyList<string> columns) => columns.Count == 1 && same.Equals(columns[0], key.Name);
                if (!(parent.PrimaryKey is { } pk && IsKey(pk.Columns)) && !parent.Uniques.Any(u => IsKey(u.Columns)) && !parent.Indexes.Any(i => i.Unique && i.Predicate is null && IsKey(i.Keys)))
                    throw Bad(path, operation, $"{parent.Name}.{key.Name} is neither the primary key of {parent.Name} nor unique",
                        "reference the primary key, or make the column unique first (add-unique)");
                if (table.ForeignKeys.Any(f => same.Equals(f.Name ?? "", fk.ConstraintName)) || table.Uniques.Any(u => same.Equals(u.Name ?? "", fk.ConstraintName)) ||
                    table.Checks.Any(c => same.Equals(c.Name ?? "", fk.ConstraintName)))
                    throw Bad(path, operation, $"{table.Name} has a constraint named {fk.ConstraintName} already", "drop it first");
                if (table.ForeignKeys.Any(f => f.Columns.Count == 1 && same.Equals(f.Columns[0], column.Name)))
                    throw Bad(path, operation, $"{table.Name}.{column.Name} has a foreign key already", "remove the operation");
                return parent;
            }
            case CreateIndex index:
                Columns(path, operation, table, index.Columns, same);
                IndexFree(path, operation, table.Schema, index.Name, model, same);
                break;
            case AddUnique unique:
                Columns(path, operation, table, unique.Columns, same);
                IndexFree(path, operation, table.Schema, unique.ConstraintName, model, same);
                ConstraintFree(path, operation, table, unique.ConstraintName, same);
                break;
            case AddCheck check:
                ConstraintFree(path, operation, table, check.Name, same);
                break;
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
            case RebuildTable rebuild:
            {
                RebuiltTable.Of(path, rebuild, table, semantics.HasSchemas ? SqlDialect.Postgres : SqlDialect.Sqlite, same);
                // PostgreSQL's foreign keys follow the table, not its name: at complete they would stay on the archive.
                var referencing = model.Tables.Where(t => t != table && t.ForeignKeys.Any(f => same.Equals(f.ReferencedTable, table.Name) && (f.ReferencedSchema.Length == 0 || same.Equals(f.ReferencedSchema, table.Schema)))).ToList();
                if (semantics.HasSchemas && referencing.Count > 0)
                    throw Bad(path, operation, $"{string.Join(", ", referencing.Select(t => t.Name))} reference{(referencing.Count == 1 ? "s" : "")} {table.Name} by a foreign key, which would stay on the old table (the archive) at complete",
                        "drop those foreign keys in an earlier migration and add them again (add-foreign-key) after the rebuild is complete");
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
            case ExtractTable extract:
                CheckExtract(path, extract, table, model, same);
                break;
        }
        return null;
    }

    /// <summary>
    /// extract-table: the columns exist and are plain (not in the primary key or a foreign key, not generated), the new
    /// table, its constraint and the key column's foreign key and index are free names.
    /// </summary>
    private static void CheckExtract(string path, ExtractTable extract, TableModel table, SchemaModel model, IEqualityComparer<string> same)
    {
        if (extract.NewColumns.Count != extract.Columns.Count)
            throw Bad(path, extract, $"{extract.Columns.Count} column(s) move but the new table names {extract.NewColumns.Count}", "give each moved column its name in the new table");
        Columns(path, extract, table, extract.Columns, same);
        foreach (var name in extract.Columns)
        {
            var column = table.Columns.First(c => same.Equals(c.Name, name));
            if (table.PrimaryKey!.Columns.Contains(column.Name, same))
                throw Bad(path, extract, $"{name} is in the primary key of {table.Name}", "the key stays; extract other columns");
            if (table.ForeignKeys.Any(f => f.Columns.Contains(column.Name, same)))
                throw Bad(path, extract, $"{name} is in a foreign key of {table.Name}", "drop the foreign key in an earlier migration, then extract the column");
            if (column.Generated is not null || column.Identity is not null)
                throw Bad(path, extract, $"{name} is a generated or identity column", "extract plain columns only");
        }
        if (extract.NewColumns.Distinct(same).Count() != extract.NewColumns.Count)
            throw Bad(path, extract, "a column of the new table is named twice", "give each extracted column its own name");
        if (extract.NewColumns.Any(c => same.Equals(c, ExtractTable.Id)))
            throw Bad(path, extract, $"{ExtractTable.Id} is the new table's key column", "give the extracted column another name");
        TableFree(path, extract, table.Schema, extract.NewTable, model, same);
        if (table.Columns.Any(c => same.Equals(c.Name, extract.Key)))
            throw Bad(path, extract, $"{table.Name} already has a column {extract.Key}", "choose another name for the key column, or drop that column in an earlier migration");
        ConstraintFree(path, extract, table, extract.ForeignKeyName, same);
        IndexFree(path, extract, table.Schema, extract.IndexName, model, same);
        IndexFree(path, extract, table.Schema, extract.UniqueName, model, same);
    }

    /// <summary>create-table: the name must be free; the target's table is the one to be created, with no columns yet.</summary>
    private static OperationTarget Created(string path, string migrationId, CreateTable create, SchemaModel model, IReadOnlyList<string> schemas, SqlSemantics semantics)
    {
        var schema = semantics.HasSchemas ? create.Table.Schema ?? schemas.FirstOrDefault() ?? "public" : "";
        TableFree(path, create, schema, create.Table.Name, model, semantics.Identifiers);
        return new OperationTarget(migrationId, path, create, new TableModel(schema, create.Table.Name, [], null, [], [], [], [], null), model, null);
    }

    private static void Columns(string path, Operation operation, TableModel table, IReadOnlyList<string> columns, IEqualityComparer<string> same)
    {
        foreach (var column in columns.Where(c => !table.Columns.Any(t => same.Equals(t.Name, c))))
            throw Bad(path, operation, $"{table.Name} has no column {column}", $"columns: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        if (columns.Distinct(same).Count() != columns.Count)
            throw Bad(path, operation, "a column is listed twice", "list each column once");
    }

    /// <summary>Index names are per schema (and a constraint's index takes its name).</summary>
    private static void IndexFree(string path, Operation operation, string schema, string name, SchemaModel model, IEqualityComparer<string> same)
    {
        var taken = model.Tables.Where(t => same.Equals(t.Schema, schema))
            .Any(t => t.Indexes.Any(i => same.Equals(i.Name, name)) || t.Uniques.Any(u => same.Equals(u.Name ?? "", name)) || same.Equals(t.PrimaryKey?.Name ?? "", name));
        if (taken || model.Tables.Any(t => same.Equals(t.Schema, schema) && same.Equals(t.Name, name)))
            throw Bad(path, operation, $"the name {name} is taken", "drop what has it, or choose another name");
    }

    private static void ConstraintFree(string path, Operation operation, TableModel table, string name, IEqualityComparer<string> same)
    {
        if (table.ForeignKeys.Any(f => same.Equals(f.Name ?? "", name)) || table.Uniques.Any(u => same.Equals(u.Name ?? "", name)) || table.Checks.Any(c => same.Equals(c.Name ?? "", name)))
            throw Bad(path, operation, $"{table.Name} has a constraint named {name} already", "drop it first, or choose another name");
    }

    /// <summary>A table name the operation creates must be free in its schema (no table and no view has it).</summary>
    private static void TableFree(string path, Operation operation, string schema, string name, SchemaModel model, IEqualityComparer<string> same)
    {
        if (model.Tables.Any(t => same.Equals(t.Schema, schema) && same.Equals(t.Name, name)) || model.Views.Any(v => same.Equals(v.Schema, schema) && same.Equals(v.Name, name)))
            throw Bad(path, operation, $"{(schema.Length > 0 ? schema + "." : "")}{name} exists already", "choose another name, or drop it in an earlier migration");
    }
}
