using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Running;

namespace Cutover.Cli.Commands;

internal static class RepairCommand
{
    public static Command Create(CliContext context)
    {
        var accept = new Option<bool>("--accept-checksums") { Description = "Accept the edited text of applied migrations" };
        var id = new Option<string?>("--id") { Description = "Repair only this migration" };
        var command = new Command("repair", "Clear failed migrations (and accept edited files with --accept-checksums); every action is logged") { accept, id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var actions = await migrator.RepairAsync(new RepairOptions { AcceptChecksums = parsed.GetValue(accept), Id = parsed.GetValue(id) }, cancellationToken).ConfigureAwait(false);
            if (context.Json)
                context.WriteJson(new RepairReport(actions), CliJson.Default.RepairReport);
            else if (actions.Count == 0)
                context.Stdout.WriteLine("nothing to repair");
            else
                foreach (var action in actions)
                    context.Stdout.WriteLine(action);
            return 0;
        });
        return command;
    }
}
