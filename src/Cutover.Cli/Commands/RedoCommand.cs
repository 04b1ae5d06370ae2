using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class RedoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("redo", "Roll back the newest migration and apply it again");
        command.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunOutput.RunAsync(context, progress => migrator.RedoAsync(progress, cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
