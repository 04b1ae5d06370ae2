using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Configuration;
using Cutover.Files;

namespace Cutover.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("init", "Create cutover.json and migrations/ (or the --migrations folder) in the current directory");
        command.SetAction((_, _) =>
        {
            RefuseSecret(context.ConnectionOption);
            var created = MigrationScaffold.Init(context.WorkingDirectory, context.ConnectionOption, context.MigrationsOption);
            if (context.Json)
                context.WriteJson(new CreatedFiles(created), CliJson.Default.CreatedFiles);
            else
            {
                foreach (var path in created)
                    context.Stdout.WriteLine($"created {path}");
                WriteNextSteps(context.Stdout);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>What a new project does next, in the order it does it: the commands, each with what it is for.</summary>
    private static void WriteNextSteps(TextWriter stdout)
    {
        stdout.WriteLine("next:");
        stdout.WriteLine("  cutover new add_users_table   # write the first migration: its up step and its down step");
        stdout.WriteLine("  cutover check                 # lint it before merging (no database needed)");
        stdout.WriteLine("  cutover up                    # apply it to the connection in cutover.json (or CUTOVER_CONNECTION)");
        stdout.WriteLine("  cutover status                # where every migration stands");
    }

    /// <summary>
    /// cutover.json is meant to be committed: a password in it ends up in the repository and in every clone. The secret
    /// belongs in the environment, where CUTOVER_CONNECTION takes precedence over the file's connection.
    /// </summary>
    private static void RefuseSecret(string? connection)
    {
        if (connection is null)
            return;
        var redacted = RedactedByItsProvider(connection);
        if (redacted is null)
            return;
        throw new InvalidOptionException("Connection", $"'{redacted}'", "holds a password, which init will not write into cutover.json (it is meant to be committed)",
            remedy: $"run init with the connection without its password, and set {ConfigResolver.ConnectionVariable}=\"…;Password=…\" in the environment where cutover runs: it is used instead of cutover.json's connection");
    }

    /// <summary>The connection with its secrets masked, or null when it holds none.</summary>
    private static string? RedactedByItsProvider(string connection)
    {
        var unparsed = ConnectionStrings.RedactUnparsed(connection);
        string byDriver;
        try
        {
            byDriver = ProviderFactory.For(connection).Redact(connection);
        }
        catch (ConnectionFailedException)
        {
            byDriver = "";
        }
        var secret = unparsed != connection || byDriver.Contains(ConnectionStrings.Mask, StringComparison.Ordinal);
        return secret ? (byDriver.Length > 0 ? byDriver : unparsed) : null;
    }
}
