using System.Text;
using System.Text.RegularExpressions;

namespace Cutover.Schema;

/// <summary>A Mermaid <c>erDiagram</c> of a schema, and the references it had to guess.</summary>
/// <param name="Mermaid">The diagram source.</param>
/// <param name="Warnings">One line per inferred relationship: a column that looks like a reference but has no foreign key.</param>
public sealed record ErDiagram(string Mermaid, IReadOnlyList<string> Warnings);

/// <summary>Which columns an ER diagram draws in each entity.</summary>
public enum ErdColumns
{
    /// <summary>Only primary, foreign (declared or inferred) and unique key columns: the shape, for a document.</summary>
    Keys,
    /// <summary>Every column, keys marked: the whole table, for a page that has room.</summary>
    All,
}

/// <summary>
/// Draws tables with their key columns and the relationships their foreign keys declare. A column named
/// <c>&lt;table&gt;_id</c> (or <c>&lt;singular&gt;_id</c>) without a foreign key is drawn as a dashed,
/// inferred relationship and listed as a warning: nothing keeps it consistent, and retrofitting the
/// missing constraint is where teams get hurt.
/// </summary>
public static partial class SchemaErd
{
    [GeneratedRegex(@"[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();

    /// <summary>Renders <paramref name="model"/> with the key columns of each table.</summary>
    public static ErDiagram Render(SchemaModel model) => Render(model, ErdColumns.Keys);

    /// <summary>Renders <paramref name="model"/> with the key columns, or every column, of each table.</summary>
    public static ErDiagram Render(SchemaModel model, ErdColumns columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tables = model.Tables.OrderBy(t => SchemaText.Name(t.Schema, t.Name), StringComparer.Ordinal).ToList();
        var byName = tables.GroupBy(t => t.Name.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First());
        var text = new StringBuilder("erDiagram\n");
        var relationships = new StringBuilder();
        var warnings = new List<string>();

        foreach (var t in tables)
        {
            var fkColumns = t.ForeignKeys.SelectMany(f => f.Columns).ToHashSet(StringComparer.Ordinal);
            var uniqueColumns = t.Uniques.Where(u => u.Columns.Count == 1).Select(u => u.Columns[0]).ToHashSet(StringComparer.Ordinal);
            var pkColumns = t.PrimaryKey?.Columns.ToHashSet(StringComparer.Ordinal) ?? [];
            var inferred = new List<(ColumnModel Column, TableModel Parent)>();
            foreach (var c in t.Columns.Where(c => !fkColumns.Contains(c.Name) && !pkColumns.Contains(c.Name)))
            {
                if (Referenced(c.Name, byName) is { } parent)
                    inferred.Add((c, parent));
            }
            var inferredColumns = inferred.Select(i => i.Column.Name).ToHashSet(StringComparer.Ordinal);

            text.Append($"    {Entity(t)} {{\n");
            foreach (var c in t.Columns)
            {
                var keys = new List<string>();
                if (pkColumns.Contains(c.Name))
                    keys.Add("PK");
                if (fkColumns.Contains(c.Name) || inferredColumns.Contains(c.Name))
                    keys.Add("FK");
                if (uniqueColumns.Contains(c.Name))
                    keys.Add("UK");
                if (keys.Count == 0 && columns == ErdColumns.Keys)
                    continue;
                var notes = new List<string>();
                if (inferredColumns.Contains(c.Name))
                    notes.Add("inferred: no foreign key");
                // An attribute must be one word: a name that is not keeps its real spelling in the comment.
                if (Word(c.Name) != c.Name)
                    notes.Add(Label(c.Name));
                var note = notes.Count == 0 ? "" : $" \"{string.Join("; ", notes)}\"";
                var keyText = keys.Count == 0 ? "" : " " + string.Join(", ", keys);
                text.Append($"        {Word(c.Type)} {Word(c.Name)}{keyText}{note}\n");
            }
            text.Append("    }\n");

            foreach (var fk in t.ForeignKeys.OrderBy(f => string.Join(",", f.Columns), StringComparer.Ordinal))
            {
                var parent = tables.FirstOrDefault(p => p.Name == fk.ReferencedTable && p.Schema == fk.ReferencedSchema);
                var optional = fk.Columns.Any(col => t.Columns.FirstOrDefault(c => c.Name == col)?.Nullable ?? true);
                relationships.Append($"    {(parent is null ? Word(fk.ReferencedTable) : Entity(parent, label: false))} {(optional ? "|o" : "||")}--o{{ {Entity(t, label: false)} : \"{string.Join(", ", fk.Columns)}\"\n");
            }
            foreach (var (column, parent) in inferred)
            {
                relationships.Append($"    {Entity(parent, label: false)} |o..o{{ {Entity(t, label: false)} : \"{column.Name} (inferred)\"\n");
                warnings.Add($"{SchemaText.Name(t.Schema, t.Name)}.{SchemaText.Quote(column.Name)} looks like a reference to {SchemaText.Name(parent.Schema, parent.Name)} but has no foreign key: consistency not guaranteed");
            }
        }
        text.Append(relationships);
        return new ErDiagram(text.ToString(), warnings);
    }

    /// <summary>The table a <c>x_id</c> column seems to point at: <c>x</c>, <c>xs</c> or <c>xes</c>.</summary>
    private static TableModel? Referenced(string column, Dictionary<string, TableModel> tables)
    {
        var lower = column.ToLowerInvariant();
        if (!lower.EndsWith("_id", StringComparison.Ordinal) || lower.Length <= 3)
            return null;
        var stem = lower[..^3];
        foreach (var candidate in new[] { stem, stem + "s", stem + "es", stem.EndsWith('y') ? stem[..^1] + "ies" : stem })
        {
            if (tables.TryGetValue(candidate, out var table))
                return table;
        }
        return null;
    }

    /// <summary>A Mermaid entity name; names Mermaid cannot take bare get an alias with the real name as label.</summary>
    private static string Entity(TableModel t, bool label = true)
    {
        var name = (t.Schema is "" or "public" ? "" : t.Schema + "_") + t.Name;
        var word = Word(name);
        return label && word != t.Name ? $"{word}[\"{Label(t.Name)}\"]" : word;
    }

    /// <summary>
    /// A name inside a quoted label or comment. Mermaid reads <c>#code;</c> as a character entity, so a quote (which would
    /// end the label) and angle brackets (which a renderer would take for markup, or strip) are written that way and
    /// shown as themselves; a <c>#</c> is encoded first so a name cannot spell an entity of its own.
    /// </summary>
    private static string Label(string name) => name
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);

    private static string Word(string text)
    {
        var word = NotIdentifier().Replace(text, "_");
        return word.Length == 0 || char.IsDigit(word[0]) ? "_" + word : word;
    }
}
