using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Running;

namespace Cutover.Cli.Commands;

internal static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var to = new Option<string?>("--to") { Description = "Apply up to and including this id" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL that would run; change nothing" };
        var outOfOrder = new Option<bool>("--allow-out-of-order") { Description = "Apply migrations older than the newest applied one" };
        var defer = new Option<bool>("--defer-backfills") { Description = "Stop at a backfill step and leave it to `cutover backfill run` (later steps wait for it)" };
        var command = new Command("up", "Apply pending migrations, then show the status") { to, dryRun, outOfOrder, defer };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var options = new UpOptions { To = parsed.GetValue(to), DryRun = parsed.GetValue(dryRun), AllowOutOfOrder = parsed.GetValue(outOfOrder), DeferBackfills = parsed.GetValue(defer) };
            var result = await RunOutput.RunAsync(context, progress =>
                migrator.UpAsync(options with { Progress = progress }, cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
