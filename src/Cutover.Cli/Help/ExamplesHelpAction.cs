using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Cutover.Cli.Help;

/// <summary>
/// --help as System.CommandLine writes it, followed by the command's examples. System.CommandLine 2.0 has no hook for
/// a section of one's own, so the help option's action is wrapped instead.
/// </summary>
internal sealed class ExamplesHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var examples = CommandExamples.For(PathOf(parseResult.CommandResult));
        if (examples.Count == 0)
            return code;
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Examples:");
        var width = examples.Max(e => e.CommandLine.Length);
        foreach (var example in examples)
            output.WriteLine($"  {example.CommandLine.PadRight(width)}  # {example.Comment}");
        output.WriteLine();
        return code;
    }

    /// <summary>Replaces the help option's action on <paramref name="root"/>; the option is recursive, so this covers every command.</summary>
    public static void InstallOn(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standard)
                help.Action = new ExamplesHelpAction(standard);
        }
    }

    /// <summary>"backfill status" for `cutover backfill status --help`, "" for `cutover --help`.</summary>
    public static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command && command.Parent is not null; at = at.Parent)
            names.Add(command.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
