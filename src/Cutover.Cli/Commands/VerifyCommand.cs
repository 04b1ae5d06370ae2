using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Operations;

namespace Cutover.Cli.Commands;

internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The expanded migration whose two shapes to compare (its 14-digit id)" };
        var repair = new Option<bool>("--repair") { Description = "Re-derive the new shape of mismatching rows from the old one" };
        var batch = WholeNumberOption.Create("--batch", "Rows per batch (default 10000)");
        var command = new Command("verify", "Compare the old and the new shape of every row on the live database, batch by batch") { id, repair, batch };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new VerifyOptions { Repair = parsed.GetValue(repair), BatchSize = parsed.GetValue(batch) ?? 10_000 };
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var result = await migrator.VerifyAsync(parsed.GetValue(id)!, options, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(result, CliJson.Default.OperationVerification);
            }
            else
            {
                var repaired = options.Repair ? $", {result.Repaired} re-derived" : "";
                context.Stdout.WriteLine($"{result.MigrationId}: {result.Rows} row(s) compared in {result.ElapsedMs} ms, {result.Mismatches} mismatching{repaired}");
                foreach (var sample in result.Samples)
                    context.Stdout.WriteLine($"  mismatch: {sample}");
            }
            // Mismatches found (and not repaired) fail the command, so a script can gate complete on it.
            return result.Clean || options.Repair ? 0 : (int)ExitCode.ValidationFailed;
        });
        return command;
    }
}
