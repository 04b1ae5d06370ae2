using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class AbortCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The migration whose operations to abort (its 14-digit id)" };
        var command = new Command("abort", "Remove an expanding or expanded migration's new shape; the old shape is left as it was") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunOutput.RunAsync(context, progress =>
                migrator.AbortAsync(parsed.GetValue(id)!, progress, cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
