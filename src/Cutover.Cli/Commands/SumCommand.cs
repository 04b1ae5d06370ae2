using System.CommandLine;
using Cutover.Checking;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class SumCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sum", "Rewrite migrations/cutover.sum from the migrations folder and print what changed");
        command.SetAction(async (_, cancellationToken) =>
        {
            // Like `new`, only files: no connection needed.
            var folder = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var update = await SumFile.WriteAsync(folder, cancellationToken).ConfigureAwait(false);
            if (context.Json)
                context.WriteJson(update, CliJson.Default.SumUpdate);
            else
                SumOutput.Write(context, update);
            return 0;
        });
        return command;
    }
}
