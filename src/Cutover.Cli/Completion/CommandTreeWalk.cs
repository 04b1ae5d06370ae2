using System.CommandLine;
using System.CommandLine.Completions;

namespace Cutover.Cli.Completion;

/// <summary>An option as a shell sees it: every spelling, whether a value follows it, and the values it accepts when they are a fixed set.</summary>
internal sealed record CompletableOption(IReadOnlyList<string> Names, string Description, bool TakesValue, IReadOnlyList<string> Values);

/// <summary>A subcommand's spellings (its name first, then its aliases) and what it does.</summary>
internal sealed record CompletableSubcommand(IReadOnlyList<string> Names, string Description, string Path);

/// <summary>
/// One command of the tree as a shell sees it. <see cref="Path"/> is the words after `cutover` that reach it
/// ("" for the root, "backfill status"); <see cref="Options"/> includes the recursive options of the commands above it.
/// </summary>
internal sealed record CompletableCommand(
    string Path, string Description, IReadOnlyList<CompletableSubcommand> Subcommands, IReadOnlyList<CompletableOption> Options,
    IReadOnlyList<string> ArgumentValues, bool HasFreeArgument);

/// <summary>
/// The live command tree flattened into what a completion script needs. The scripts are generated from this, so a
/// command or option added to <see cref="CliApp.CreateRoot"/> completes without anyone editing a script.
/// </summary>
internal static class CommandTreeWalk
{
    /// <summary>Every visible command, parents before children.</summary>
    public static IReadOnlyList<CompletableCommand> Commands(Command root)
    {
        var all = new List<CompletableCommand>();
        Walk(root, "", [], all);
        return all;
    }

    private static void Walk(Command command, string path, IReadOnlyList<Option> inherited, List<CompletableCommand> all)
    {
        var visibleOptions = command.Options.Where(o => !o.Hidden).ToList();
        // A recursive option defined on the root (--json, --connection, --help) is accepted by every command below it.
        var options = inherited.Concat(visibleOptions).ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        all.Add(new CompletableCommand(
            path, command.Description ?? "",
            subcommands.Select(c => new CompletableSubcommand(Names(c.Name, c.Aliases), c.Description ?? "", Join(path, c.Name))).ToList(),
            options.Select(Describe).ToList(),
            arguments.SelectMany(FixedValues).Distinct(StringComparer.Ordinal).ToList(),
            arguments.Any(a => FixedValues(a).Count == 0)));
        var passedDown = inherited.Concat(visibleOptions.Where(o => o.Recursive)).ToList();
        foreach (var subcommand in subcommands)
            Walk(subcommand, Join(path, subcommand.Name), passedDown, all);
    }

    private static CompletableOption Describe(Option option)
    {
        // A bool option is a flag: System.CommandLine lets it take true/false, but nobody types that, and offering
        // them would hide the commands and options that can follow it.
        var takesValue = option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);
        return new CompletableOption(Names(option.Name, option.Aliases), option.Description ?? "", takesValue, takesValue ? FixedValues(option) : []);
    }

    /// <summary>
    /// The values System.CommandLine itself would complete: AcceptOnlyFromAmong, an enum's names, a completion source.
    /// Empty for free text (a connection string, a path), which the scripts leave to the shell's file completion.
    /// </summary>
    private static IReadOnlyList<string> FixedValues(Symbol symbol) =>
        symbol.GetCompletions(CompletionContext.Empty).Select(c => c.InsertText ?? c.Label).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    // The help option's /h and /? are Windows spellings; in a Unix shell they read as paths, so no script offers them.
    private static IReadOnlyList<string> Names(string name, IEnumerable<string> aliases) =>
        new[] { name }.Concat(aliases.Order(StringComparer.Ordinal)).Where(n => !n.StartsWith('/')).Distinct(StringComparer.Ordinal).ToList();

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path} {name}";

    /// <summary>Every spelling of every option the tree accepts, each once.</summary>
    public static IEnumerable<string> AllOptionNames(IReadOnlyList<CompletableCommand> commands) =>
        commands.SelectMany(c => c.Options).SelectMany(o => o.Names).Distinct(StringComparer.Ordinal);
}
