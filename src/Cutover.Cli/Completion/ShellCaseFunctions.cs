using System.Text;

namespace Cutover.Cli.Completion;

/// <summary>
/// The lookup functions the bash and the zsh script share, written as `case` statements: the same syntax in both
/// shells, so one generator serves both. Keys are "path|word", the path being the words after `cutover` that select
/// a command ("" for the root).
/// </summary>
internal static class ShellCaseFunctions
{
    public static void Write(StringBuilder script, IReadOnlyList<CompletableCommand> commands)
    {
        script.AppendLine("# The command a subcommand word leads to, from the command at $1; fails for any other word.");
        script.AppendLine("_cutover_subcommand() {");
        script.AppendLine("  case \"$1|$2\" in");
        foreach (var command in commands)
            foreach (var sub in command.Subcommands)
                script.AppendLine($"    {Patterns(sub.Names.Select(n => $"{command.Path}|{n}"))}) echo {Quote(sub.Path)} ;;");
        script.AppendLine("    *) return 1 ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();

        script.AppendLine("# Succeeds when option $2 of the command at $1 takes a value (the next word is that value, not a command).");
        script.AppendLine("_cutover_takes_value() {");
        script.AppendLine("  case \"$1|$2\" in");
        var valued = commands.SelectMany(c => c.Options.Where(o => o.TakesValue).SelectMany(o => o.Names.Select(n => $"{c.Path}|{n}"))).ToList();
        if (valued.Count > 0)
            script.AppendLine($"    {Patterns(valued)}) return 0 ;;");
        script.AppendLine("    *) return 1 ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();

        script.AppendLine("# The fixed values of option $2 of the command at $1; fails when the value is free text (a path, a connection).");
        script.AppendLine("_cutover_values() {");
        script.AppendLine("  case \"$1|$2\" in");
        foreach (var command in commands)
            foreach (var option in command.Options.Where(o => o.Values.Count > 0))
                script.AppendLine($"    {Patterns(option.Names.Select(n => $"{command.Path}|{n}"))}) echo {Quote(string.Join(' ', option.Values))} ;;");
        script.AppendLine("    *) return 1 ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();

        script.AppendLine("# The options of the command at $1, its own and the global ones.");
        script.AppendLine("_cutover_options() {");
        script.AppendLine("  case \"$1\" in");
        foreach (var command in commands)
            script.AppendLine($"    {Quote(command.Path)}) echo {Quote(string.Join(' ', command.Options.SelectMany(o => o.Names)))} ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();

        script.AppendLine("# The words that may follow the command at $1: its subcommands and the fixed values of its arguments.");
        script.AppendLine("_cutover_words() {");
        script.AppendLine("  case \"$1\" in");
        foreach (var command in commands)
            script.AppendLine($"    {Quote(command.Path)}) echo {Quote(string.Join(' ', command.Subcommands.SelectMany(s => s.Names).Concat(command.ArgumentValues)))} ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();

        script.AppendLine("# Succeeds when the command at $1 takes a free-text argument (a folder, a file, an id): the shell's file completion then helps.");
        script.AppendLine("_cutover_free_argument() {");
        script.AppendLine("  case \"$1\" in");
        var free = commands.Where(c => c.HasFreeArgument).Select(c => c.Path).ToList();
        if (free.Count > 0)
            script.AppendLine($"    {Patterns(free)}) return 0 ;;");
        script.AppendLine("    *) return 1 ;;");
        script.AppendLine("  esac");
        script.AppendLine("}");
        script.AppendLine();
    }

    private static string Patterns(IEnumerable<string> keys) => string.Join('|', keys.Select(Quote));

    /// <summary>Double quotes make a case pattern literal (no `?` or `*` globbing) in bash and zsh alike.</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "\"";
}
