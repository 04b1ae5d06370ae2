namespace Cutover.Tests.Cli;

/// <summary>
/// Every command, subcommand and option of the live tree completes in every shell's script: bash and fish are asked
/// for real, command by command; zsh is syntax-checked and read; PowerShell (not installed here) is read.
/// </summary>
public sealed class CompletionCoverageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cutover-completion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bash_completes_every_subcommand_and_every_option_of_every_command()
    {
        var script = await ScriptFileAsync("bash");
        var commands = LiveCommandTree.Commands().ToList();
        // One bash for all of them: for each command, what it offers after "<path> " and after "<path> -".
        var driver = """
            source "$1"; shift
            function=$(complete -p cutover | sed -E 's/.* -F ([^ ]+) .*/\1/')
            for line in "$@"; do
              read -ra COMP_WORDS <<<"$line"
              [[ $line == *" " ]] && COMP_WORDS+=("")
              COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$line; COMP_POINT=${#line}
              COMPREPLY=()
              "$function" cutover "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
              echo "== $line"
              printf '%s\n' "${COMPREPLY[@]}"
            done
            """;
        var lines = commands.SelectMany(c => new[] { Line(c.Path, ""), Line(c.Path, "-") }).ToArray();
        var (code, stdout, stderr) = await ShellScript.RunAsync("bash", _dir, ["-c", driver, "driver", script, .. lines]);
        Assert.True(code == 0 && stderr.Length == 0, $"bash exited {code}: {stderr}");
        var offered = Sections(stdout, "== ");

        foreach (var (path, command, options) in commands)
        {
            AssertSubset(LiveCommandTree.SubcommandNames(command), offered[Line(path, "")], path);
            Assert.Equal(options.Order(StringComparer.Ordinal), offered[Line(path, "-")].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Fish_completes_every_subcommand_and_every_option_of_every_command()
    {
        var script = await ScriptFileAsync("fish");
        var commands = LiveCommandTree.Commands().ToList();
        var asks = string.Join("; ", commands.SelectMany(c => new[] { Line(c.Path, ""), Line(c.Path, "-") })
            .Select(line => $"echo '== {line}'; complete -C '{line}'"));
        var (code, stdout, stderr) = await ShellScript.RunAsync("fish", _dir, "-c", $"source '{script}'; {asks}");
        Assert.True(code == 0 && stderr.Length == 0, $"fish exited {code}: {stderr}");
        // fish prints "candidate<TAB>description".
        var offered = Sections(stdout, "== ").ToDictionary(s => s.Key, s => s.Value.Select(l => l.Split('\t')[0]).ToList());

        foreach (var (path, command, options) in commands)
        {
            AssertSubset(LiveCommandTree.SubcommandNames(command), offered[Line(path, "")], path);
            Assert.Equal(options.Order(StringComparer.Ordinal), offered[Line(path, "-")].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Fish_offers_the_values_of_an_option_and_no_commands_after_it()
    {
        var script = await ScriptFileAsync("fish");

        var (code, stdout, stderr) = await ShellScript.RunAsync("fish", _dir, "-c", $"source '{script}'; complete -C 'cutover check --format '");

        Assert.True(code == 0, stderr);
        Assert.Equal(["github", "sarif", "text"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Zsh_script_is_valid_zsh_and_lists_every_command_and_option()
    {
        var script = await ScriptFileAsync("zsh");
        var (code, _, stderr) = await ShellScript.RunAsync("zsh", _dir, "-n", script);
        Assert.True(code == 0, $"zsh -n: {stderr}");

        var text = await File.ReadAllTextAsync(script);
        Assert.StartsWith("#compdef cutover", text, StringComparison.Ordinal);
        foreach (var (path, command, options) in LiveCommandTree.Commands())
        {
            // The "name:description" lines _describe shows, in the case branch of this command.
            var words = Branch(text, "_cutover_described_words() {", $"    \"{path}\") ");
            var optionLines = Branch(text, "_cutover_described_options() {", $"    \"{path}\") ");
            foreach (var name in LiveCommandTree.SubcommandNames(command))
                Assert.Contains($"{name}:", words, StringComparison.Ordinal);
            foreach (var name in options)
                Assert.Contains($"{name}:", optionLines, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fish_script_passes_fishs_syntax_check()
    {
        var (code, _, stderr) = await ShellScript.RunAsync("fish", _dir, "--no-execute", await ScriptFileAsync("fish"));

        Assert.True(code == 0, $"fish --no-execute: {stderr}");
    }

    [Fact]
    public async Task PowerShell_script_registers_a_native_completer_knowing_every_command_and_option()
    {
        var text = await File.ReadAllTextAsync(await ScriptFileAsync("pwsh"));

        Assert.Contains("Register-ArgumentCompleter -Native -CommandName cutover -ScriptBlock {", text, StringComparison.Ordinal);
        Assert.Contains("cutover completion pwsh | Out-String | Invoke-Expression", text, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
        Assert.Contains("'check|--format' = @('github', 'sarif', 'text')", text, StringComparison.Ordinal);
        foreach (var (path, command, options) in LiveCommandTree.Commands())
        {
            var words = Branch(text, "$words = @{", $"        '{path}' = @(");
            var optionList = Branch(text, "$options = @{", $"        '{path}' = @(");
            foreach (var name in LiveCommandTree.SubcommandNames(command))
                Assert.Contains($"'{name}'", words, StringComparison.Ordinal);
            foreach (var name in options)
                Assert.Contains($"'{name}'", optionList, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_shell_is_bad_input_on_one_line()
    {
        var result = await CliRunner.RunAsync(_dir, "completion", "tcsh");

        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            "error: unknown shell 'tcsh': completion scripts are made for bash, zsh, fish and pwsh (see `cutover completion --help`)",
            result.Stderr.TrimEnd('\n'));
    }

    private static string Line(string path, string word) => path.Length == 0 ? $"cutover {word}" : $"cutover {path} {word}";

    private static void AssertSubset(IEnumerable<string> expected, IReadOnlyCollection<string> offered, string path)
    {
        foreach (var name in expected)
            Assert.True(offered.Contains(name), $"'cutover {path} <TAB>' does not offer {name}: [{string.Join(' ', offered)}]");
    }

    /// <summary>The output split at marker lines: each marker's text, then the lines after it.</summary>
    private static Dictionary<string, List<string>> Sections(string output, string marker)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(marker, StringComparison.Ordinal))
                sections[line[marker.Length..]] = current = [];
            else if (line.Length > 0)
                current?.Add(line);
        }
        return sections;
    }

    /// <summary>The line starting with <paramref name="prefix"/> after <paramref name="section"/>, the generated table's entry for one command.</summary>
    private static string Branch(string text, string section, string prefix)
    {
        var start = text.IndexOf(section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {section}");
        var line = text[start..].Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no entry {prefix.Trim()} under {section}");
        return line;
    }

    private async Task<string> ScriptFileAsync(string shell)
    {
        var result = await CliRunner.RunAsync(_dir, "completion", shell);
        Assert.Equal(0, result.ExitCode);
        var path = Path.Combine(_dir, $"cutover.{shell}");
        await File.WriteAllTextAsync(path, result.Stdout);
        return path;
    }
}
