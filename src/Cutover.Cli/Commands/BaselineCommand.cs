using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class BaselineCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Option<string>("--id") { Description = "The id the existing database is at (14 digits, UTC)", Required = true };
        var command = new Command("baseline", "Adopt an existing database: migrations up to --id count as applied") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var at = parsed.GetValue(id)!;
            await migrator.BaselineAsync(at, cancellationToken).ConfigureAwait(false);
            if (context.Json)
                context.WriteJson(new BaselineReport(at), CliJson.Default.BaselineReport);
            else
                context.Stdout.WriteLine($"baseline set at {at}: migrations up to it count as applied");
            return 0;
        });
        return command;
    }
}
