using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// Reduces a declared operation to the <see cref="TableTransform"/> of its live table, checking it against the
/// catalog first: the table and columns it names exist, the names it creates are free, key columns are not reshaped.
/// Errors are bad input naming the file and line of the directive; nothing has been written when they are thrown.
/// </summary>
internal static partial class TransformBuilder
{
    /// <summary>The prefix of the temporary physical name of a column whose final name is still taken by the old one.</summary>
    public const string TemporaryPrefix = "_cutover_";

    /// <summary>The operation's live table, checked, and (for operations that reshape its columns) its transform.</summary>
    public static OperationTarget Target(string path, string migrationId, Operation operation, SchemaModel model, IReadOnlyList<string> schemas, SqlSemantics semantics)
    {
        var table = Resolve(path, operation, model, schemas, semantics);
        if (table.PrimaryKey is null && operation is not DropTable)
            throw Bad(path, operation, $"{table.Name} has no primary key", "operations find each row by its primary key while both shapes are live; add one in an earlier migration");
        CheckTables(path, operation, table, model, semantics);
        var transform = operation is AddColumn or RenameColumn or AlterColumn or SplitColumn or MergeColumns or SetNotNull or DropColumn
            ? Build(path, migrationId, operation, table, semantics)
            : null;
        return new OperationTarget(migrationId, path, operation, table, model, transform);
    }

    private static TableTransform Build(string path, string migrationId, Operation operation, TableModel table, SqlSemantics semantics)
    {
        var key = table.PrimaryKey!.Columns;
        var columns = table.Columns.Select(c => c.Name).ToList();
        var same = semantics.Identifiers;

        string Existing(string column)
        {
            var found = columns.FirstOrDefault(c => same.Equals(c, column));
            return found ?? throw Bad(path, operation, $"{table.Name} has no column {column}", $"columns: {string.Join(", ", columns)}");
        }
        void Free(string column)
        {
            if (columns.Any(c => same.Equals(c, column)))
                throw Bad(path, operation, $"{table.Name} already has a column {column}", "choose another name, or drop that column in an earlier migration");
        }
        void NotKey(string column, string what)
        {
            if (key.Any(k => same.Equals(k, column)))
                throw Bad(path, operation, $"{column} is in the primary key of {table.Name}: {what}",
                    "keys identify rows while both shapes are live; change a key with a new table and a copy instead");
        }
        List<ShapeColumn> Shape(Func<string, string?> rename, IReadOnlyCollection<string> hidden) =>
            columns.Where(c => !hidden.Contains(c, same)).Select(c => new ShapeColumn(rename(c) ?? c, c)).ToList();
        ColumnModel Model(string column) => table.Columns.First(c => same.Equals(c.Name, column));

        TableTransform Transform(
            IReadOnlyList<ShapeColumn> shape, IReadOnlyList<AddedColumn>? added = null, IReadOnlyList<RestoredColumn>? restored = null,
            IReadOnlyList<string>? dropped = null, IReadOnlyList<(string, string)>? renames = null, IReadOnlyList<string>? notNull = null,
            FilledColumn? fill = null, IReadOnlyList<string>? dropNotNull = null) =>
            new(migrationId, operation, table, key, shape, added ?? [], restored ?? [], dropped ?? [], renames ?? [], notNull ?? [], fill, dropNotNull ?? []);

        switch (operation)
        {
            case AddColumn add:
            {
                Free(add.Column);
                var added = new AddedColumn(add.Column, add.Column, add.Type, add.Up, add.Default);
                return Transform(Shape(_ => null, []).Append(new ShapeColumn(add.Column, add.Column)).ToList(), [added],
                    notNull: add.NotNull ? [add.Column] : []);
            }
            case RenameColumn rename:
            {
                var column = Existing(rename.Column);
                Free(rename.NewName);
                return Transform(Shape(c => c == column ? rename.NewName : null, []), renames: [(column, rename.NewName)]);
            }
            case AlterColumn alter:
            {
                var column = Existing(alter.Column);
                NotKey(column, "its type cannot change under a live app");
                var temporary = Temporary(column, columns, same);
                var old = Model(column);
                return Transform(Shape(c => null, []).Select(s => s.Physical == column ? new ShapeColumn(column, temporary) : s).ToList(),
                    [new AddedColumn(temporary, column, alter.Type, alter.Up, null)], [new RestoredColumn(column, alter.Down)],
                    dropped: [column], renames: [(temporary, column)], notNull: old.Nullable ? [] : [column]) with
                {
                    CompleteDefaults = old.Default is { } d ? [(column, d)] : [],
                };
            }
            case SplitColumn split:
            {
                var column = Existing(split.Column);
                NotKey(column, "it cannot be split under a live app");
                foreach (var into in split.Into)
                    if (!same.Equals(into.Name, column))
                        Free(into.Name);
                var added = split.Into.Select(i => new AddedColumn(same.Equals(i.Name, column) ? Temporary(column, columns, same) : i.Name, i.Name, i.Type, i.Up, null)).ToList();
                var shape = Shape(_ => null, [column]).Concat(added.Select(a => new ShapeColumn(a.Final, a.Physical))).ToList();
                return Transform(shape, added, [new RestoredColumn(column, split.Down)], dropped: [column],
                    renames: added.Where(a => a.Physical != a.Final).Select(a => (a.Physical, a.Final)).ToList());
            }
            case MergeColumns merge:
            {
                var merged = merge.Columns.Select(c => Existing(c.Name)).ToList();
                foreach (var column in merged)
                    NotKey(column, "it cannot be merged under a live app");
                var reused = merged.Any(c => same.Equals(c, merge.Into.Name));
                if (!reused)
                    Free(merge.Into.Name);
                var physical = reused ? Temporary(merge.Into.Name, columns, same) : merge.Into.Name;
                var added = new AddedColumn(physical, merge.Into.Name, merge.Into.Type, merge.Into.Up, null);
                return Transform(Shape(_ => null, merged).Append(new ShapeColumn(merge.Into.Name, physical)).ToList(), [added],
                    merge.Columns.Select((c, i) => new RestoredColumn(merged[i], c.Down)).ToList(), dropped: merged,
                    renames: physical != merge.Into.Name ? [(physical, merge.Into.Name)] : []);
            }
            case SetNotNull setNotNull:
            {
                var column = Existing(setNotNull.Column);
                if (!Model(column).Nullable)
                    throw Bad(path, operation, $"{table.Name}.{column} is NOT NULL already", "remove the operation");
                return Transform(Shape(_ => null, []), notNull: [column], fill: setNotNull.Up is { } up ? new FilledColumn(column, up) : null);
            }
            case DropColumn drop:
            {
                var column = Existing(drop.Column);
                NotKey(column, "it cannot be dropped under a live app");
                return Transform(Shape(_ => null, [column]), dropped: [column], dropNotNull: Model(column) is { Nullable: false, Default: null } ? [column] : []);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind);
        }
    }

    private static string Temporary(string column, IReadOnlyList<string> columns, IEqualityComparer<string> same)
    {
        var name = TemporaryPrefix + column;
        return columns.Any(c => same.Equals(c, name)) ? throw new InvalidOperationException($"column {name} exists") : name;
    }

    private static TableModel Resolve(string path, Operation operation, SchemaModel model, IReadOnlyList<string> schemas, SqlSemantics semantics)
    {
        var same = semantics.Identifiers;
        var name = operation.Table;
        var candidates = model.Tables.Where(t => same.Equals(t.Name, name.Name) && (name.Schema is null || same.Equals(t.Schema, name.Schema))).ToList();
        if (name.Schema is null && candidates.Count > 1)
        {
            // Unqualified: the first schema of the search order that has it, as the database would resolve it.
            var first = schemas.Select(s => candidates.FirstOrDefault(t => same.Equals(t.Schema, s))).FirstOrDefault(t => t is not null);
            if (first is not null)
                return first;
        }
        return candidates.Count == 1 ? candidates[0]
            : candidates.Count == 0 ? throw Bad(path, operation, $"table {name} does not exist", "operations change existing tables; create the table in an earlier migration")
            : throw Bad(path, operation, $"table {name} is ambiguous ({string.Join(", ", candidates.Select(t => t.Schema + "." + t.Name))})", "qualify it with its schema");
    }

    private static InvalidFileException Bad(string path, Operation operation, string problem, string remedy) =>
        new(path, operation.Line, $"{operation.Kind}: {problem}", remedy);
}
