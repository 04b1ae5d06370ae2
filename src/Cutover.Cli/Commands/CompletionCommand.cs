using System.CommandLine;
using Cutover.Cli.Completion;

namespace Cutover.Cli.Commands;

/// <summary>`cutover completion bash|zsh|fish|pwsh`: a shell completion script, generated from this version's command tree.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        string[] shells = ["bash", "zsh", "fish", "pwsh"];
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh (PowerShell)" };
        // The names complete like any fixed set; an unknown one is a parse error (exit 2) on one line, which
        // AcceptOnlyFromAmong's message, one name a line, is not.
        shell.CompletionSources.Add(shells);
        shell.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !shells.Contains(result.Tokens[0].Value, StringComparer.Ordinal))
                result.AddError($"unknown shell '{result.Tokens[0].Value}': completion scripts are made for bash, zsh, fish and pwsh");
        });
        var command = new Command("completion", "Print a shell completion script for commands, options and their values; its first lines say how to install it") { shell };
        command.SetAction((parsed, _) =>
        {
            // The tree being run is the one described, so the script always matches this binary.
            var commands = CommandTreeWalk.Commands(parsed.RootCommandResult.Command);
            var script = parsed.GetValue(shell) switch
            {
                "bash" => BashCompletion.Script(commands),
                "zsh" => ZshCompletion.Script(commands),
                "fish" => FishCompletion.Script(commands),
                _ => PowerShellCompletion.Script(commands),
            };
            context.Stdout.Write(script);
            return Task.FromResult(0);
        });
        return command;
    }
}
