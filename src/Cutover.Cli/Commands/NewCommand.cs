using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Files;

namespace Cutover.Cli.Commands;

internal static class NewCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "What the migration does, e.g. add_user_roles" };
        var command = new Command("new", "Create migrations/<utc timestamp>_<name>.sql with a header and empty steps") { name };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            // The folder comes from the config when there is one; no connection is needed to write a file.
            var folder = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var path = MigrationScaffold.CreateMigration(folder, parsed.GetValue(name)!, DateTime.UtcNow);
            if (context.Json)
                context.WriteJson(new CreatedFiles([path]), CliJson.Default.CreatedFiles);
            else
                context.Stdout.WriteLine($"created {path}");
            return 0;
        });
        return command;
    }
}
