using System.CommandLine;
using Cutover.Checking;
using Cutover.Cli.Rendering;
using Cutover.Files;

namespace Cutover.Cli.Commands;

internal static class NewCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "What the migration does, e.g. add_user_roles", Arity = ArgumentArity.ZeroOrOne };
        var rename = new Option<string?>("--rename")
        {
            Description = "Give this existing migration (file name or id) a new id, now, keeping its name and content",
            HelpName = "file or id",
        };
        var command = new Command("new", "Create migrations/<utc timestamp>_<name>.sql with a header and empty steps, and refresh cutover.sum") { name, rename };
        // The name stays required unless --rename is given, with the message it had as a required argument.
        command.Validators.Add(result =>
        {
            if (result.GetValue(name) is null && result.GetValue(rename) is null)
                result.AddError("Required argument 'name' missing for command: 'new'");
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var toRename = parsed.GetValue(rename);
            if (toRename is not null && parsed.GetValue(name) is { } both)
                throw new InvalidToolInputException($"new: give a name or --rename, not both ('{both}' and '{toRename}')",
                    "`cutover new <name>` creates a migration; `cutover new --rename <file>` re-timestamps one");

            // The folder comes from the config when there is one; no connection is needed to write a file.
            var folder = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            if (toRename is not null)
                await RenameAsync(context, folder, toRename, cancellationToken).ConfigureAwait(false);
            else
                await CreateAsync(context, folder, parsed.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task CreateAsync(CliContext context, string folder, string name, CancellationToken cancellationToken)
    {
        var path = MigrationScaffold.CreateMigration(folder, name, DateTime.UtcNow);
        var sum = await SumFile.WriteAsync(folder, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            context.WriteJson(new NewMigrationReport([path], sum), CliJson.Default.NewMigrationReport);
            return;
        }
        // One line, as before cutover.sum existed: scripts take the path from it.
        context.Stdout.WriteLine($"created {path}");
    }

    private static async Task RenameAsync(CliContext context, string folder, string fileOrId, CancellationToken cancellationToken)
    {
        // A path is meant from where the user stands, not from the migrations folder.
        var target = fileOrId.IndexOfAny(['/', '\\']) >= 0 ? Path.GetFullPath(fileOrId, context.WorkingDirectory) : fileOrId;
        var renamed = MigrationRename.ToNewId(folder, target, DateTime.UtcNow);
        var sum = await SumFile.WriteAsync(folder, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            context.WriteJson(new RenameReport(renamed.OldPath, renamed.NewPath, sum), CliJson.Default.RenameReport);
            return;
        }
        context.Stdout.WriteLine($"renamed {renamed.OldPath}");
        context.Stdout.WriteLine($"     to {renamed.NewPath}");
        context.Stdout.WriteLine($"updated {sum.Path}");
    }
}
