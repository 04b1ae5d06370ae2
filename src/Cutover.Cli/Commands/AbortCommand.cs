using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class AbortCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The migration whose operations to abort (its 14-digit id)" };
        var force = new Option<bool>("--force") { Description = "Abort while a rollout still sends users to the new shape (needs --reason)" };
        var reason = new Option<string?>("--reason") { Description = "Why a forced abort is safe; kept in the audit log" };
        var command = new Command("abort", "Remove an expanding or expanded migration's new shape; the old shape is left as it was") { id, force, reason };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(force) && string.IsNullOrWhiteSpace(parsed.GetValue(reason)))
                throw new InvalidToolInputException("abort: --force needs --reason \"…\"", "say why aborting with users still on the new shape is safe; the audit log keeps it");
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunOutput.RunAsync(context, progress =>
                migrator.AbortAsync(parsed.GetValue(id)!, new Operations.AbortOptions { Force = parsed.GetValue(force), Reason = parsed.GetValue(reason), Progress = progress },
                    cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
