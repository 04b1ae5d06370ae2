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
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL that would run and the data it would destroy; change nothing" };
        var acceptDataLoss = new Option<bool>("--accept-data-loss")
        {
            Description = "Roll back even when the down steps drop a table with rows or a column with values (asked at a terminal)",
        };
        var command = new Command("down", "Roll back applied migrations with their stored down SQL") { steps, to, dryRun, acceptDataLoss };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new DownOptions
            {
                Steps = parsed.GetValue(steps), To = parsed.GetValue(to), DryRun = parsed.GetValue(dryRun), AcceptDataLoss = parsed.GetValue(acceptDataLoss),
            };
            if (options.Steps is not null && options.To is not null)
                throw new InvalidToolInputException("down: give --steps or --to, not both", "--steps N rolls back N migrations; --to ID rolls back everything newer than ID");
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            RunResult result;
            try
            {
                result = await RunOutput.RunAsync(context, progress =>
                    migrator.DownAsync(options with { Progress = progress }, cancellationToken)).ConfigureAwait(false);
            }
            catch (DataLossException loss) when (context.CanAsk && !context.Json)
            {
                // A person at a terminal decides; scripts and CI must say --accept-data-loss.
                if (!await ConfirmAsync(context, loss).ConfigureAwait(false))
                    throw;
                result = await RunOutput.RunAsync(context, progress =>
                    migrator.DownAsync(options with { Progress = progress, AcceptDataLoss = true }, cancellationToken)).ConfigureAwait(false);
            }
            RunCommands.Report(context, result);
            return 0;
        });
        return command;
    }

    private static async Task<bool> ConfirmAsync(CliContext context, DataLossException loss)
    {
        await context.Stderr.WriteLineAsync("Rolling back destroys data written since the migration:").ConfigureAwait(false);
        foreach (var l in loss.Losses)
            await context.Stderr.WriteLineAsync($"  {l.MigrationId}: {l}").ConfigureAwait(false);
        await context.Stderr.WriteAsync("Roll back and destroy it? [y/N] ").ConfigureAwait(false);
        var answer = await Console.In.ReadLineAsync().ConfigureAwait(false);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
