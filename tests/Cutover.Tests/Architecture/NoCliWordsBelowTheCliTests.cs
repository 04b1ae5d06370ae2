using System.CommandLine;
using System.Text.RegularExpressions;

namespace Cutover.Tests.Architecture;

/// <summary>
/// The runtime and the providers are a library: they never name one of the tool's commands or flags, its config file or
/// its exit codes — the CLI turns their typed errors into those. The commands and flags are read from the CLI's own
/// command tree, so a new flag is guarded the day it is added.
/// </summary>
public sealed class NoCliWordsBelowTheCliTests
{
    private static readonly string[] LibraryProjects = ["Cutover", "Cutover.Sqlite", "Cutover.Postgres"];

    [Fact]
    public void The_runtime_and_the_providers_name_no_command_flag_config_file_or_exit_code()
    {
        var (commands, flags) = CliVocabulary();
        var words = new List<(string What, Regex Pattern)>
        {
            ("the config file", new Regex(@"cutover\.json", RegexOptions.CultureInvariant)),
            ("an exit code", new Regex(@"(?<!\.)\bExitCode\b|\bexit code\b", RegexOptions.CultureInvariant)),
        };
        words.AddRange(commands.Select(c => ($"the command '{c}'", new Regex($@"\bcutover {Regex.Escape(c)}\b", RegexOptions.CultureInvariant))));
        words.AddRange(flags.Select(f => ($"the flag '{f}'", new Regex($@"(?<![\w-]){Regex.Escape(f)}(?![\w-])", RegexOptions.CultureInvariant))));

        var found = new List<string>();
        foreach (var file in LibraryProjects.SelectMany(SourceFiles))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (IsExternalToolArgument(lines[i]))
                    continue;
                found.AddRange(words.Where(w => w.Pattern.IsMatch(lines[i])).Select(w => $"{Path.GetRelativePath(Root(), file)}:{i + 1}: {w.What}: {lines[i].Trim()}"));
            }
        }
        Assert.True(found.Count == 0, "CLI words below the CLI (say it with data or in the library's terms):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_guard_knows_the_tools_vocabulary()
    {
        // A guard reading an empty command tree would pass vacuously.
        var (commands, flags) = CliVocabulary();
        Assert.Contains("up", commands);
        Assert.Contains("backfill", commands);
        Assert.Contains("--steps", flags);
        Assert.Contains("--accept-checksums", flags);
        Assert.Contains("--allow-out-of-order", flags);
    }

    /// <summary>pg_dump's and pg_restore's own flags, which the PostgreSQL provider passes them.</summary>
    private static bool IsExternalToolArgument(string line) => line.Contains("pg_dump", StringComparison.Ordinal) || line.Contains("pg_restore", StringComparison.Ordinal)
        || line.Contains("Arguments = new List<string>", StringComparison.Ordinal);

    private static (IReadOnlyList<string> Commands, IReadOnlyList<string> Flags) CliVocabulary()
    {
        var globals = new GlobalOptions();
        var root = CliApp.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, null, globals, Path.GetTempPath()), globals);
        var commands = new SortedSet<string>(StringComparer.Ordinal);
        var flags = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(Command command)
        {
            foreach (var option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name is not "--help" and not "--version"))
                flags.Add(option.Name);
            foreach (var sub in command.Subcommands)
            {
                commands.Add(sub.Name);
                Walk(sub);
            }
        }
        Walk(root);
        return (commands.ToList(), flags.ToList());
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(Root(), "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Root() => RepositoryFolder.Root();
}
