namespace Cutover.Schema;

/// <summary>Compares two schema models and lists what changed from the first to the second, in a stable order.</summary>
public static class SchemaDiff
{
    /// <summary>Every difference from <paramref name="from"/> to <paramref name="to"/>; empty when the schemas are the same.</summary>
    public static IReadOnlyList<SchemaChange> Compare(SchemaModel from, SchemaModel to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<SchemaChange>();
        var left = from.Tables.ToDictionary(TableName, StringComparer.Ordinal);
        var right = to.Tables.ToDictionary(TableName, StringComparer.Ordinal);
        foreach (var name in left.Keys.Union(right.Keys).Order(StringComparer.Ordinal))
        {
            if (!right.TryGetValue(name, out var after))
                changes.Add(new(SchemaChangeKind.TableDropped, name, $"{left[name].Columns.Count} column(s)"));
            else if (!left.TryGetValue(name, out var before))
                changes.Add(new(SchemaChangeKind.TableAdded, name, string.Join(", ", after.Columns.Select(c => $"{c.Name} {c.Type}"))));
            else
                CompareTables(name, before, after, changes);
        }
        CompareObjects("view", from.Views, to.Views, v => SchemaText.Name(v.Schema, v.Name), v => $"{(v.Materialized ? "materialized " : "")}{SchemaText.Normalise(v.Definition)}", changes);
        CompareObjects("sequence", from.Sequences, to.Sequences, s => SchemaText.Name(s.Schema, s.Name), s => $"{s.Type} start {s.Start} increment {s.Increment} owned by {s.OwnedBy}", changes);
        CompareObjects("enum", from.Enums, to.Enums, e => SchemaText.Name(e.Schema, e.Name), e => string.Join(", ", e.Values), changes);
        CompareObjects("domain", from.Domains, to.Domains, d => SchemaText.Name(d.Schema, d.Name),
            d => $"{d.Type}{(d.NotNull ? " not null" : "")} default {d.Default} {string.Join(" ", d.Checks.Select(c => c.Expression))}", changes);
        CompareObjects("function", from.Functions, to.Functions, f => $"{SchemaText.Quote(f.Schema)}.{f.Signature}", f => $"returns {f.Returns} language {f.Language} body {f.BodyHash}", changes);
        CompareObjects("trigger", from.Triggers, to.Triggers, t => $"{SchemaText.Name(t.Schema, t.Table)}.{SchemaText.Quote(t.Name)}", t => SchemaText.Normalise(t.Definition), changes);
        return changes;
    }

    private static string TableName(TableModel t) => SchemaText.Name(t.Schema, t.Name);

    private static void CompareTables(string table, TableModel before, TableModel after, List<SchemaChange> changes)
    {
        var oldColumns = before.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var newColumns = after.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in before.Columns.Where(c => !newColumns.ContainsKey(c.Name)))
            changes.Add(new(SchemaChangeKind.ColumnDropped, $"{table}.{SchemaText.Quote(column.Name)}", column.Type));
        foreach (var column in after.Columns)
        {
            var name = $"{table}.{SchemaText.Quote(column.Name)}";
            if (!oldColumns.TryGetValue(column.Name, out var old))
            {
                changes.Add(new(SchemaChangeKind.ColumnAdded, name, $"{column.Type}{(column.Nullable ? "" : " not null")}{(column.Default is null ? "" : $" default {column.Default}")}"));
                continue;
            }
            if (old.Type != column.Type)
                changes.Add(new(SchemaChangeKind.ColumnRetyped, name, $"{old.Type} -> {column.Type}"));
            if (old.Nullable != column.Nullable)
                changes.Add(new(SchemaChangeKind.ColumnNullabilityChanged, name, column.Nullable ? "not null -> nullable" : "nullable -> not null"));
            if (old.Default != column.Default)
                changes.Add(new(SchemaChangeKind.ColumnDefaultChanged, name, $"{old.Default ?? "none"} -> {column.Default ?? "none"}"));
            if (old.Identity != column.Identity || old.Generated != column.Generated || old.Collation != column.Collation)
                changes.Add(new(SchemaChangeKind.ColumnChanged, name, $"identity {old.Identity ?? "none"} -> {column.Identity ?? "none"}, generated {old.Generated ?? "none"} -> {column.Generated ?? "none"}, collation {old.Collation ?? "default"} -> {column.Collation ?? "default"}"));
            if (old.Comment != column.Comment)
                changes.Add(new(SchemaChangeKind.CommentChanged, name, $"{old.Comment ?? "none"} -> {column.Comment ?? "none"}"));
        }
        var kept = before.Columns.Select(c => c.Name).Where(newColumns.ContainsKey).ToList();
        var keptAfter = after.Columns.Select(c => c.Name).Where(oldColumns.ContainsKey).ToList();
        if (!kept.SequenceEqual(keptAfter, StringComparer.Ordinal))
            changes.Add(new(SchemaChangeKind.ColumnsReordered, table, $"{string.Join(", ", kept)} -> {string.Join(", ", keptAfter)}"));

        if (Describe(before.PrimaryKey) != Describe(after.PrimaryKey))
            changes.Add(new(SchemaChangeKind.PrimaryKeyChanged, table, $"{Describe(before.PrimaryKey) ?? "none"} -> {Describe(after.PrimaryKey) ?? "none"}"));
        CompareSets(table, before.ForeignKeys, after.ForeignKeys,
            fk => $"({string.Join(", ", fk.Columns)}) references {SchemaText.Name(fk.ReferencedSchema, fk.ReferencedTable)} ({string.Join(", ", fk.ReferencedColumns)}) on delete {fk.OnDelete} on update {fk.OnUpdate}{(fk.Deferrable is null ? "" : $" {fk.Deferrable.ToLowerInvariant()}")}{(fk.Name is null ? "" : $" as {fk.Name}")}",
            SchemaChangeKind.ForeignKeyAdded, SchemaChangeKind.ForeignKeyDropped, changes);
        CompareSets(table, before.Uniques, after.Uniques, u => $"unique {Describe(u)}", SchemaChangeKind.UniqueAdded, SchemaChangeKind.UniqueDropped, changes);
        CompareSets(table, before.Checks, after.Checks, c => $"check {SchemaText.Normalise(c.Expression)}{(c.Name is null ? "" : $" as {c.Name}")}", SchemaChangeKind.CheckAdded, SchemaChangeKind.CheckDropped, changes);

        var oldIndexes = before.Indexes.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var newIndexes = after.Indexes.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var name in oldIndexes.Keys.Union(newIndexes.Keys).Order(StringComparer.Ordinal))
        {
            var target = $"{table} index {SchemaText.Quote(name)}";
            if (!newIndexes.TryGetValue(name, out var now))
                changes.Add(new(SchemaChangeKind.IndexDropped, target, Describe(oldIndexes[name])));
            else if (!oldIndexes.TryGetValue(name, out var was))
                changes.Add(new(SchemaChangeKind.IndexAdded, target, Describe(now)));
            else if (Describe(was) != Describe(now))
                changes.Add(new(SchemaChangeKind.IndexChanged, target, $"{Describe(was)} -> {Describe(now)}"));
        }
        if (Partitioning(before) != Partitioning(after))
            changes.Add(new(SchemaChangeKind.PartitioningChanged, table, $"{Partitioning(before)} -> {Partitioning(after)}"));
        if (before.Comment != after.Comment)
            changes.Add(new(SchemaChangeKind.CommentChanged, table, $"{before.Comment ?? "none"} -> {after.Comment ?? "none"}"));
    }

    private static string? Describe(KeyModel? key) =>
        key is null ? null : $"{(key.NullsNotDistinct ? "nulls not distinct " : "")}({string.Join(", ", key.Columns)}){Include(key.Include)}" +
            $"{(key.Deferrable is null ? "" : $" {key.Deferrable.ToLowerInvariant()}")}{(key.Name is null ? "" : $" as {key.Name}")}";

    private static string Include(IReadOnlyList<string>? columns) => columns is { Count: > 0 } ? $" include ({string.Join(", ", columns)})" : "";

    private static string Describe(IndexModel index) =>
        $"{(index.Unique ? "unique " : "")}{(index.Method is null ? "" : $"using {index.Method} ")}({string.Join(", ", index.Keys)})" +
        $"{Include(index.Include)}{(index.NullsNotDistinct ? " nulls not distinct" : "")}" +
        $"{(index.Predicate is null ? "" : $" where {SchemaText.Normalise(index.Predicate)}")}";

    private static string Partitioning(TableModel t) =>
        $"{(t.PartitionBy is null ? "not partitioned" : $"partition by {t.PartitionBy}")}{(t.PartitionOf is { } p ? $", partition of {SchemaText.Name(p.Schema, p.Parent)} {p.Bound}" : "")}";

    /// <summary>Constraints are compared by their whole description: a changed one shows as dropped and added.</summary>
    private static void CompareSets<T>(string table, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> describe,
        SchemaChangeKind added, SchemaChangeKind dropped, List<SchemaChange> changes)
    {
        var was = before.Select(describe).ToHashSet(StringComparer.Ordinal);
        var now = after.Select(describe).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(was.Except(now).Order(StringComparer.Ordinal).Select(d => new SchemaChange(dropped, table, d)));
        changes.AddRange(now.Except(was).Order(StringComparer.Ordinal).Select(d => new SchemaChange(added, table, d)));
    }

    private static void CompareObjects<T>(string kind, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> name, Func<T, string> describe, List<SchemaChange> changes)
    {
        var was = before.ToDictionary(name, describe, StringComparer.Ordinal);
        var now = after.ToDictionary(name, describe, StringComparer.Ordinal);
        foreach (var key in was.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            if (!now.TryGetValue(key, out var n))
                changes.Add(new(SchemaChangeKind.ObjectDropped, $"{kind} {key}", was[key]));
            else if (!was.TryGetValue(key, out var w))
                changes.Add(new(SchemaChangeKind.ObjectAdded, $"{kind} {key}", n));
            else if (w != n)
                changes.Add(new(SchemaChangeKind.ObjectChanged, $"{kind} {key}", $"{w} -> {n}"));
        }
    }
}
