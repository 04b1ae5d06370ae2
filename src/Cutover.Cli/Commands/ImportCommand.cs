using System.CommandLine;

namespace Cutover.Cli.Commands;

/// <summary>`cutover import &lt;tool&gt; …`: another tool's migrations brought in as Cutover files, and its history as a baseline.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context) => new("import", "Bring migrations in from another tool")
    {
        ImportFlywayCommand.Create(context),
        ImportDbUpCommand.Create(context),
        ImportGrateCommand.Create(context),
        ImportEfCoreCommand.Create(context),
    };
}
