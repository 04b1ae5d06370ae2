using Cutover.Running;
using Spectre.Console;

namespace Cutover.Cli.Rendering;

/// <summary>The `cutover status` table and its one-line summary.</summary>
internal static class StatusTable
{
    /// <summary>Writes the table; with <paramref name="newest"/>, only that many of the newest rows (after a run).</summary>
    public static void Write(IAnsiConsole console, StatusReport report, int? newest = null)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Provider)}[/] {Markup.Escape(report.Database)}");
        if (report.Migrations.Count == 0)
        {
            console.WriteLine("no migrations yet: create one with `cutover new <name>`");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("id", "name", "state", "applied at (UTC)", "by", "ms", "detail");
        var hidden = newest is int n ? Math.Max(0, report.Migrations.Count - n) : 0;
        foreach (var m in report.Migrations.Skip(hidden))
        {
            table.AddRow(
                m.Id,
                Markup.Escape(m.Name),
                $"[{Colour(m.State)}]{Label(m.State)}[/]" + (m.Phase is { } phase ? $" ({phase}{(m.Rollout is { } r ? $", rollout {r.Percent}%" : "")})" : ""),
                m.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(m.AppliedBy ?? ""),
                m.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(m.Detail ?? ""));
        }
        console.Write(table);
        if (hidden > 0)
            console.WriteLine($"({hidden} older migration(s) not shown: `cutover status` lists them all)");
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
        MigrationState.Pending or MigrationState.Backfilling => "yellow",
        MigrationState.Failed or MigrationState.Interrupted => "red",
        _ => "magenta",
    };
}
