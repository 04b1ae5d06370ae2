using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("status", "Show every migration: applied, pending, out of order, changed, missing, failed");
        command.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var report = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
            if (context.Json)
                context.WriteJson(report, CliJson.Default.StatusReport);
            else
                StatusTable.Write(context.Ansi, report);
            return 0;
        });
        return command;
    }
}
