using Cutover.Schema;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Operations;

/// <summary>A column of a rebuilt table that the copy writes.</summary>
/// <param name="Name">Its name in the new definition.</param>
/// <param name="Type">Its type as written (empty for a SQLite column without one).</param>
/// <param name="Up">Its value computed from the old row: the given expression, or the old column of the same name.</param>
/// <param name="Default">Its default as written in the definition; null when it has none.</param>
public sealed record RebuiltColumn(string Name, string Type, string Up, string? Default);

/// <summary>
/// A rebuild-table operation checked against its live table: the columns of the new definition with the expressions
/// that fill them from an old row, the old columns the new version's writes reach with the expressions that compute
/// them from a new row, and the primary key both share. The engines render their shadow table, triggers and checks
/// from it.
/// </summary>
/// <param name="Columns">The new definition's written columns (generated ones compute themselves), in order.</param>
/// <param name="Key">The primary key columns, the same in both definitions.</param>
/// <param name="Restored">The old columns the new version's writes set, with their down expressions (key columns included).</param>
/// <param name="Unwritten">Old columns the new version's writes leave alone (nullable or with a default: its inserts leave them so).</param>
public sealed record RebuiltTable(IReadOnlyList<RebuiltColumn> Columns, IReadOnlyList<string> Key, IReadOnlyList<RestoredColumn> Restored, IReadOnlyList<string> Unwritten)
{
    /// <summary>Checks <paramref name="op"/> against <paramref name="old"/>, the live table.</summary>
    /// <exception cref="InvalidFileException">The definition's key differs, a column has no value, an expression names a column that is not there.</exception>
    public static RebuiltTable Of(string path, RebuildTable op, TableModel old, SqlDialect dialect, IEqualityComparer<string> same)
    {
        InvalidFileException Bad(string problem, string remedy) => new(path, op.Line, $"{op.Kind}: {problem}", remedy);
        var shape = StatementShape.Parse($"CREATE TABLE cutover_rebuilt ({op.Definition})", dialect);
        if (shape.Columns.Count == 0)
            throw Bad("the definition has no columns", "write the new table's columns and constraints, as between the parentheses of a CREATE TABLE");
        var names = shape.Columns.Select(NameOf).ToList();
        if (names.Distinct(same).Count() != names.Count)
            throw Bad("the definition names a column twice", "name each column once");

        var key = shape.Columns.Where(c => c.PrimaryKey).Select(NameOf)
            .Concat(shape.Constraints.Where(c => c.Kind == ConstraintKind.PrimaryKey).SelectMany(c => c.Columns)).ToList();
        var oldKey = old.PrimaryKey!.Columns;
        if (key.Count != oldKey.Count || !key.Zip(oldKey).All(p => same.Equals(p.First, p.Second)))
            throw Bad($"the new definition's primary key ({(key.Count == 0 ? "none" : string.Join(", ", key))}) is not {old.Name}'s ({string.Join(", ", oldKey)})",
                "rows are matched by their primary key while both tables are live: keep the same key columns (change their type at most), and change the key with a new table and a copy");

        string OldColumn(string name, string what) =>
            old.Columns.FirstOrDefault(c => same.Equals(c.Name, name))?.Name
            ?? throw Bad($"{what}: {old.Name} has no column {name}", $"columns: {string.Join(", ", old.Columns.Select(c => c.Name))}");
        foreach (var value in op.Up.Where(v => !names.Contains(v.Column, same)))
            throw Bad($"up names {value.Column}, which is not in the new definition", $"columns: {string.Join(", ", names)}");
        foreach (var value in op.Down)
            OldColumn(value.Column, "down");
        foreach (var value in op.Up.Where(v => key.Contains(v.Column, same)).Concat(op.Down.Where(v => oldKey.Contains(v.Column, same))))
            throw Bad($"{value.Column} is in the primary key, which is copied as it is", "remove its expression");
        if (op.Up.Select(v => v.Column).Distinct(same).Count() != op.Up.Count || op.Down.Select(v => v.Column).Distinct(same).Count() != op.Down.Count)
            throw Bad("a column is given two expressions", "give each column one");

        var columns = new List<RebuiltColumn>();
        foreach (var column in shape.Columns)
        {
            var name = NameOf(column);
            if (column.Identity)
                throw Bad($"{name} is an identity column, which the copy could not write", "use a plain type with a default (a sequence), or add the identity after complete");
            if (column.IsGenerated)
                continue;
            var up = op.Up.FirstOrDefault(v => same.Equals(v.Column, name))?.Expression
                     ?? (old.Columns.FirstOrDefault(c => same.Equals(c.Name, name)) is { } kept ? Quote(kept.Name)
                         : throw Bad($"the new column {name} has no up expression and no old column of its name", $"give it one: up ({name} \"<expr over the old row>\")"));
            columns.Add(new RebuiltColumn(name, column.Type, up, column.Default));
        }

        var restored = new List<RestoredColumn>();
        var unwritten = new List<string>();
        foreach (var column in old.Columns.Where(c => c.Generated is null))
        {
            if (op.Down.FirstOrDefault(v => same.Equals(v.Column, column.Name)) is { } down)
                restored.Add(new RestoredColumn(column.Name, down.Expression));
            else if (columns.FirstOrDefault(c => same.Equals(c.Name, column.Name)) is { } kept)
                restored.Add(new RestoredColumn(column.Name, Quote(kept.Name)));
            else if (column is { Nullable: false, Default: null } && column.Identity is null)
                throw Bad($"the old column {column.Name} is NOT NULL without a default and has no down expression, so a row the new version inserts could not reach {old.Name}",
                    $"give it one: down ({column.Name} \"<expr over the new row>\")");
            else
                unwritten.Add(column.Name);
        }
        return new RebuiltTable(columns, oldKey, restored, unwritten);
    }

    /// <summary>A column's name as the catalog will have it (PostgreSQL folds unquoted names to lower case).</summary>
    private static string NameOf(ColumnShape column) => column.FoldedName.Length > 0 ? column.FoldedName : column.Name;
}
