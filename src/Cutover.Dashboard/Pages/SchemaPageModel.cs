using Cutover.Schema;

namespace Cutover.Dashboard.Pages;

/// <summary>
/// The schema page: the live schema's tables (columns, indexes, constraints), its ER diagram with every column and the
/// references it had to infer, and drift against the schema recorded by the last run.
/// </summary>
internal sealed record SchemaPageModel(PageContext Page, IReadOnlyList<TableModel> Tables, TableAnchors Anchors, ErDiagram Diagram, DriftSummary Drift)
{
    public static async Task<SchemaPageModel> ReadAsync(Migrator migrator, PageContext page, CancellationToken cancellationToken)
    {
        var schema = await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var drift = await DriftSummary.ReadAsync(migrator, cancellationToken).ConfigureAwait(false);
        // By schema, then name, as the diagram orders its entities: the list and the picture read the same way.
        var tables = schema.Tables.OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        return new SchemaPageModel(page, tables, new TableAnchors(tables), SchemaErd.Render(schema, ErdColumns.All), drift);
    }

    /// <summary>The key marks of a column, as the diagram writes them: PK, FK (declared foreign key), UK (single-column unique).</summary>
    public static IReadOnlyList<string> KeysOf(TableModel table, ColumnModel column)
    {
        var keys = new List<string>();
        if (table.PrimaryKey?.Columns.Contains(column.Name, StringComparer.Ordinal) == true)
            keys.Add("PK");
        if (table.ForeignKeys.Any(f => f.Columns.Contains(column.Name, StringComparer.Ordinal)))
            keys.Add("FK");
        if (table.Uniques.Any(u => u.Columns.Count == 1 && u.Columns[0] == column.Name))
            keys.Add("UK");
        return keys;
    }

    /// <summary>The table's name as people read it: its schema only when not the default one.</summary>
    public static string NameOf(TableModel table) => table.Schema is "" or "public" ? table.Name : $"{table.Schema}.{table.Name}";
}
