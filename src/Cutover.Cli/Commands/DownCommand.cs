using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Running;

namespace Cutover.Cli.Commands;

internal static class DownCommand
{
    public static Command Create(CliContext context)
    {
        var steps = WholeNumberOption.Create("--steps", "How many migrations to roll back, newest first (default 1)");
        var to = new Option<string?>("--to") { Description = "Roll back every migration newer than this id (0: all)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL that would run; change nothing" };
        var command = new Command("down", "Roll back applied migrations with their stored down SQL") { steps, to, dryRun };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new DownOptions { Steps = parsed.GetValue(steps), To = parsed.GetValue(to), DryRun = parsed.GetValue(dryRun) };
            if (options.Steps is not null && options.To is not null)
                throw new InvalidToolInputException("down: give --steps or --to, not both", "--steps N rolls back N migrations; --to ID rolls back everything newer than ID");
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await RunOutput.RunAsync(context, progress =>
                migrator.DownAsync(options with { Progress = progress }, cancellationToken)).ConfigureAwait(false);
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }
}
