using System.CommandLine;

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
            await migrator.BaselineAsync(parsed.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (!context.Json)
                context.Stdout.WriteLine($"baseline set at {parsed.GetValue(id)}");
            else
                context.Stdout.WriteLine($$"""{ "baseline": "{{parsed.GetValue(id)}}" }""");
            return 0;
        });
        return command;
    }
}
