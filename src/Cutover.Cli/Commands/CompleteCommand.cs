using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Operations;

namespace Cutover.Cli.Commands;

internal static class CompleteCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The migration whose operations to complete (its 14-digit id)" };
        var force = new Option<bool>("--force") { Description = "Complete without a clean verification newer than the last backfill batch (needs --reason)" };
        var reason = new Option<string?>("--reason") { Description = "Why a forced complete is safe; kept in the audit log" };
        var command = new Command("complete", "Contract an expanded migration's operations: drop the old shape (archived), rename, validate") { id, force, reason };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new CompleteOptions { Force = parsed.GetValue(force), Reason = parsed.GetValue(reason) };
            if (options.Force && string.IsNullOrWhiteSpace(options.Reason))
                throw new InvalidToolInputException("complete: --force needs --reason \"…\"", "say why completing without a clean verification is safe; the audit log keeps it");
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunOutput.RunAsync(context, progress =>
                migrator.CompleteAsync(parsed.GetValue(id)!, options with { Progress = progress }, cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
