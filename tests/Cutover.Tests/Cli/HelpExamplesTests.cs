using System.CommandLine;
using System.CommandLine.Parsing;
using Cutover.Cli.Help;

namespace Cutover.Tests.Cli;

/// <summary>Every command's --help ends with examples, and every example is a command line the parser accepts as written.</summary>
public sealed class HelpExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cutover-help-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> CommandPaths() => [.. LiveCommandTree.Commands().Select(c => c.Path)];

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_ends_with_examples_after_the_usual_sections(string path)
    {
        var result = await CliRunner.RunAsync(_dir, [.. Words(path), "--help"]);

        Assert.Equal(0, result.ExitCode);
        var help = result.Stdout.TrimEnd();
        var examples = help.IndexOf("\nExamples:\n", StringComparison.Ordinal);
        Assert.True(examples > 0, $"`cutover {path} --help` has no Examples section:\n{help}");
        // After what System.CommandLine writes (usage, options), and the last section.
        Assert.True(help.IndexOf("Usage:", StringComparison.Ordinal) is >= 0 and var usage && usage < examples);
        Assert.True(help.IndexOf("Options:", StringComparison.Ordinal) < examples);
        var lines = help[(examples + "\nExamples:\n".Length)..].Split('\n');
        Assert.InRange(lines.Length, 1, 4);
        Assert.All(lines, line =>
        {
            Assert.StartsWith("  ", line, StringComparison.Ordinal);
            Assert.Contains("cutover ", line, StringComparison.Ordinal);
            Assert.Matches(@"  # \S", line);
        });
    }

    // A group's help repeats some of its commands' examples: each line is one test case.
    public static TheoryData<string> ExampleLines() =>
        [.. LiveCommandTree.Commands().SelectMany(c => CommandExamples.For(c.Path)).Select(e => e.CommandLine).Distinct(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ExampleLines))]
    public void Every_example_parses_as_written(string commandLine)
    {
        // The cutover part of the line: `source <(cutover completion bash)` and `cutover completion fish > file` run
        // cutover inside a shell construct, which ends at the first ), | or >.
        var start = commandLine.IndexOf("cutover ", StringComparison.Ordinal);
        Assert.True(start >= 0, commandLine);
        var invocation = commandLine[(start + "cutover ".Length)..];
        var end = invocation.IndexOfAny([')', '|', '>']);
        if (end >= 0)
            invocation = invocation[..end];
        var args = CommandLineParser.SplitCommandLine(invocation).ToArray();

        var parsed = LiveCommandTree.Root().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

        Assert.Empty(parsed.Errors.Select(e => e.Message));
        Assert.Empty(parsed.UnmatchedTokens);
    }

    [Fact]
    public void The_examples_belong_to_commands_that_exist_and_run_them()
    {
        var paths = LiveCommandTree.Commands().Select(c => c.Path).ToHashSet();
        Assert.All(CommandExamples.Paths, path => Assert.Contains(path, paths));
        foreach (var path in paths)
            Assert.All(CommandExamples.For(path), e => Assert.Contains($"cutover {path}".TrimEnd(), e.CommandLine, StringComparison.Ordinal));
    }

    private static string[] Words(string path) => path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
