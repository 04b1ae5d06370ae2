using Cutover.Schema;
using Spectre.Console;

namespace Cutover.Cli.Rendering;

/// <summary>The table of schema changes shown by `schema diff` and `drift`.</summary>
internal static class ChangesTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<SchemaChange> changes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("change", "object", "detail");
        foreach (var c in changes)
            table.AddRow(Markup.Escape(c.Kind.ToString()), Markup.Escape(c.Object), Markup.Escape(c.Detail));
        console.Write(table);
    }
}
