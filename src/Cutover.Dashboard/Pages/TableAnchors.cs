using System.Text;
using Cutover.Schema;

namespace Cutover.Dashboard.Pages;

/// <summary>
/// The element id of each table's card on the schema page, so a table can be linked to (from the contents, from a
/// foreign key, from a URL someone pastes). Ids are made of letters, digits and dashes only: any table name, markup
/// included, gives a plain fragment; names that collapse to the same id get a number.
/// </summary>
internal sealed class TableAnchors
{
    private readonly Dictionary<(string Schema, string Name), string> _ids = [];

    public TableAnchors(IEnumerable<TableModel> tables)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var id = "table-" + Slug(table.Schema is "" or "public" ? table.Name : table.Schema + "-" + table.Name);
            var unique = id;
            for (var n = 2; !taken.Add(unique); n++)
                unique = $"{id}-{n}";
            _ids[(table.Schema, table.Name)] = unique;
        }
    }

    /// <summary>The id of the table <paramref name="schema"/>.<paramref name="name"/>, or null when the page does not list it.</summary>
    public string? Of(string schema, string name) => _ids.GetValueOrDefault((schema, name));

    public string Of(TableModel table) => _ids[(table.Schema, table.Name)];

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        return slug.ToString().Trim('-') is { Length: > 0 } text ? text : "unnamed";
    }
}
