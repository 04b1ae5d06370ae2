using System.CommandLine;

namespace Cutover.Cli;

/// <summary>
/// The command or option a mistyped word was most likely meant to be (`stauts` → `status`, `--jsn` → `--json`): the
/// nearest name by edit distance, transpositions counting as one edit, when it is near enough to be a typo.
/// </summary>
internal static class DidYouMean
{
    /// <summary>The suggestion for the first word the parser could not place, or null.</summary>
    public static string? For(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.FirstOrDefault() is not { Length: > 0 } typed)
            return null;
        return Nearest(typed, Names(parsed.CommandResult, options: typed.StartsWith('-')));
    }

    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        // A third of the word, at least one edit: `stauts` (2) finds status, `xyz` finds nothing.
        var limit = Math.Max(1, typed.TrimStart('-').Length / 3);
        return names.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: Distance(typed, name)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>
    /// The options (or subcommands) of the command the parser reached and of the commands above it: the global options
    /// are defined on the root, and a mistyped command (`backfil status`) leaves the parser at a later word's command.
    /// </summary>
    private static IEnumerable<string> Names(System.CommandLine.Parsing.CommandResult result, bool options)
    {
        for (System.CommandLine.Parsing.SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is not System.CommandLine.Parsing.CommandResult command)
                continue;
            IEnumerable<Symbol> symbols = options ? command.Command.Options : command.Command.Subcommands;
            foreach (var symbol in symbols)
            {
                yield return symbol.Name;
                foreach (var alias in symbol switch { Option o => o.Aliases, Command c => c.Aliases, _ => [] })
                    yield return alias;
            }
        }
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
