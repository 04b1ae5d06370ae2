namespace Cutover.Tests.Cli;

/// <summary>
/// `cutover completion bash`, sourced into a real bash and asked to complete command lines the way bash asks it
/// (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, then the function `complete -p cutover` names).
/// </summary>
public sealed class CompletionBashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cutover-bash-completion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_partial_command_completes_to_the_command()
    {
        Assert.Equal(["status"], await CompleteAsync("cutover st"));
    }

    [Fact]
    public async Task Subcommands_complete_after_their_command()
    {
        var candidates = await CompleteAsync("cutover backfill ");

        Assert.Equal(["cancel", "pause", "resume", "run", "status"], candidates.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Options_are_the_commands_own_and_the_global_ones()
    {
        var candidates = await CompleteAsync("cutover up --");

        Assert.Contains("--json", candidates);
        Assert.Contains("--connection", candidates);
        Assert.Contains("--dry-run", candidates);
        Assert.Contains("--defer-backfills", candidates);
        Assert.DoesNotContain("--strict", candidates);
    }

    [Fact]
    public async Task An_option_with_fixed_values_completes_them_and_no_commands()
    {
        Assert.Equal(["github", "sarif", "text"], (await CompleteAsync("cutover check --format ")).Order(StringComparer.Ordinal));
        Assert.Equal(["sarif"], await CompleteAsync("cutover check --json --format sa"));
    }

    [Fact]
    public async Task The_value_of_a_free_text_option_is_a_file_name_not_a_command()
    {
        File.WriteAllText(Path.Combine(_dir, "snapshot.json"), "{}");

        Assert.Equal(["snapshot.json"], await CompleteAsync("cutover --connection sn"));
        Assert.Equal(["snapshot.json"], await CompleteAsync("cutover schema dump --out s"));
    }

    [Fact]
    public async Task After_an_option_value_commands_complete_again()
    {
        Assert.Equal(["status"], await CompleteAsync("cutover --connection x.db st"));
        Assert.Equal(["status"], await CompleteAsync("cutover backfill --json st"));
        // A value that happens to be a command's name is the option's value, not that command.
        Assert.Equal(["status"], await CompleteAsync("cutover --config check st"));
    }

    [Fact]
    public async Task The_completion_command_completes_the_shell_names()
    {
        Assert.Equal(["bash", "fish", "pwsh", "zsh"], (await CompleteAsync("cutover completion ")).Order(StringComparer.Ordinal));
    }

    /// <summary>What bash offers at the end of <paramref name="line"/>, one candidate each.</summary>
    private async Task<string[]> CompleteAsync(string line)
    {
        var generated = await CliRunner.RunAsync(_dir, "completion", "bash");
        Assert.Equal(0, generated.ExitCode);
        var script = Path.Combine(_dir, "cutover.bash");
        await File.WriteAllTextAsync(script, generated.Stdout);
        var driver = """
            source "$1"
            line="$2"
            read -ra COMP_WORDS <<<"$line"
            [[ $line == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE=$line
            COMP_POINT=${#line}
            # The function is whichever one the script registered for cutover.
            spec=$(complete -p cutover) || exit 3
            function=$(sed -E 's/.* -F ([^ ]+) .*/\1/' <<<"$spec")
            COMPREPLY=()
            "$function" cutover "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var (code, stdout, stderr) = await ShellScript.RunAsync("bash", _dir, "-c", driver, "driver", script, line);
        Assert.True(code == 0, $"bash exited {code}: {stderr}");
        Assert.Equal("", stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
