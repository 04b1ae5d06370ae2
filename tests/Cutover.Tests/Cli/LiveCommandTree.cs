using System.CommandLine;
using Cutover.Cli;

namespace Cutover.Tests.Cli;

/// <summary>The command tree `cutover` runs with, built the way CliApp builds it, for tests that go over every command.</summary>
internal static class LiveCommandTree
{
    public static RootCommand Root()
    {
        var globals = new GlobalOptions();
        return CliApp.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, null, globals, Path.GetTempPath()), globals);
    }

    /// <summary>
    /// Every visible command with the words that reach it ("" for the root, "backfill status") and every spelling of
    /// every option it accepts: its own and the recursive ones of the commands above it.
    /// </summary>
    public static IEnumerable<(string Path, Command Command, IReadOnlyList<string> OptionNames)> Commands()
    {
        var pending = new Stack<(string, Command, IReadOnlyList<Option>)>([("", Root(), [])]);
        while (pending.Count > 0)
        {
            var (path, command, inherited) = pending.Pop();
            var options = inherited.Concat(command.Options.Where(o => !o.Hidden)).ToList();
            yield return (path, command, options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-')).Distinct().ToList());
            var passedDown = inherited.Concat(command.Options.Where(o => o.Recursive && !o.Hidden)).ToList();
            foreach (var sub in command.Subcommands.Where(s => !s.Hidden))
                pending.Push((path.Length == 0 ? sub.Name : $"{path} {sub.Name}", sub, passedDown));
        }
    }

    /// <summary>Every spelling of the visible subcommands of <paramref name="command"/>.</summary>
    public static IReadOnlyList<string> SubcommandNames(Command command) =>
        command.Subcommands.Where(s => !s.Hidden).SelectMany(s => s.Aliases.Prepend(s.Name)).ToList();
}
