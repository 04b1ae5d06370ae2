using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Files;

namespace Cutover.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("init", "Create cutover.json and migrations/ in the current directory");
        command.SetAction((_, _) =>
        {
            var created = MigrationScaffold.Init(context.WorkingDirectory, context.ConnectionOption);
            if (context.Json)
                context.WriteJson(new CreatedFiles(created), CliJson.Default.CreatedFiles);
            else
                foreach (var path in created)
                    context.Stdout.WriteLine($"created {path}");
            return Task.FromResult(0);
        });
        return command;
    }
}
