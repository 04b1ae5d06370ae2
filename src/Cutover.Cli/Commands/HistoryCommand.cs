using System.CommandLine;
using System.Globalization;
using Cutover.Cli.Rendering;
using Spectre.Console;

namespace Cutover.Cli.Commands;

internal static class HistoryCommand
{
    public static Command Create(CliContext context)
    {
        var limit = WholeNumberOption.Create("--limit", "How many entries, newest first (default 100)");
        var command = new Command("history", "Show the audit log: every up, down, baseline, repair and lock event") { limit };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var entries = await migrator.HistoryAsync(parsed.GetValue(limit) ?? 100, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJsonList(entries, CliJson.Default.IReadOnlyListAuditEntry, "entries");
                return 0;
            }
            if (entries.Count == 0)
            {
                context.Stdout.WriteLine("the audit log is empty");
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "at (UTC)", "action", "migration", "outcome", "by", "host", "ms", "detail");
            foreach (var e in entries)
            {
                table.AddRow(e.Seq.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.Action, e.MigrationId ?? "", e.Outcome == "ok" ? "[green]ok[/]" : $"[red]{Markup.Escape(e.Outcome)}[/]",
                    Markup.Escape(e.By), Markup.Escape(e.Host), e.DurationMs?.ToString(CultureInfo.InvariantCulture) ?? "", Markup.Escape(e.Detail ?? ""));
            }
            context.Ansi.Write(table);
            return 0;
        });
        return command;
    }
}
