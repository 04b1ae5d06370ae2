using Cutover.Running;
using Spectre.Console;

namespace Cutover.Cli.Rendering;

/// <summary>The `cutover status` table and its one-line summary.</summary>
internal static class StatusTable
{
    public static void Write(IAnsiConsole console, StatusReport report)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Provider)}[/] {Markup.Escape(report.Database)}");
        if (report.Migrations.Count == 0)
        {
            console.WriteLine("no migrations yet: create one with `cutover new <name>`");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("id", "name", "state", "applied at (UTC)", "by", "ms", "detail");
        foreach (var m in report.Migrations)
        {
            table.AddRow(
                m.Id,
                Markup.Escape(m.Name),
                $"[{Colour(m.State)}]{Label(m.State)}[/]",
                m.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(m.AppliedBy ?? ""),
                m.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(m.Detail ?? ""));
        }
        console.Write(table);
        console.WriteLine(Summary(report));
    }

    public static string Summary(StatusReport report) =>
        string.Join(", ", report.Migrations.GroupBy(m => m.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Label(g.Key)}"));

    public static string Label(MigrationState state) => state switch
    {
        MigrationState.OutOfOrder => "out of order",
        MigrationState.BelowBaseline => "below baseline",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Colour(MigrationState state) => state switch
    {
        MigrationState.Applied or MigrationState.Baseline or MigrationState.BelowBaseline => "green",
        MigrationState.Pending => "yellow",
        MigrationState.Failed or MigrationState.Interrupted => "red",
        _ => "magenta",
    };
}
