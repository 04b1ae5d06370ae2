using System.Diagnostics;
using Cutover.Cli;
using Cutover.Cli.Rendering;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Spectre.Console;

namespace Cutover.Tests.Cli;

/// <summary>
/// What the CLI writes and how it reads its arguments (issue 12, item 24): no escape codes without colour, `@` is
/// not a response file, and a stdout or stderr that cannot be written (a full disk) ends with an exit code, not a crash.
/// </summary>
public sealed class OutputStreamTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    private readonly string _db = SqliteFiles.NewDatabase();

    [Fact]
    public async Task An_argument_starting_with_at_is_an_argument_not_a_response_file()
    {
        var result = await CliRunner.RunAsync(Dir, "check", "--base", "@{u}", "--dialect", "sqlite");

        Assert.DoesNotContain("Response file", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'@{u}'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_color_writes_no_escape_codes_even_where_the_terminal_would_take_them()
    {
        _project.WriteTable("20260101000001", "a");
        // .NET sends colour changes to a redirected stdout too with this set, as it does to a terminal: the
        // escape codes a terminal user saw with --no-color show up in what the test reads.
        var (code, stdout, stderr) = await RunProcessAsync(
            new() { ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "1" }, null, "status", "--no-color", "--connection", _db);

        Assert.True(code == 0, stderr);
        Assert.Contains("pending", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public void A_console_without_colour_on_a_terminal_renders_markup_and_tables_as_text_only()
    {
        using var writer = new StringWriter();
        var console = CliContext.CreateConsole(writer, color: false, interactive: true);

        console.MarkupLine("[bold]sqlite[/] [green]applied[/]");
        console.Write(new Table().AddColumns("id", "[red]state[/]").AddRow("1", "[yellow]pending[/]"));

        var text = writer.ToString();
        Assert.IsType<PlainConsole>(console);
        Assert.StartsWith("sqlite applied", text, StringComparison.Ordinal);
        Assert.Contains("pending", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public async Task A_full_stderr_ends_with_the_commands_exit_code_not_an_abort()
    {
        var (code, _, _) = await RunProcessAsync([], "2>/dev/full", "frobnicate");

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task A_failed_migration_with_stderr_full_still_exits_1()
    {
        _project.Write("20260101000001", "broken", "-- cutover:up\nINSERT INTO nowhere VALUES (1);\n");

        var (code, _, _) = await RunProcessAsync([], "2>/dev/full", "up", "--connection", _db);

        Assert.Equal(1, code);
    }

    [Fact]
    public async Task A_full_stdout_exits_74_saying_so_on_stderr()
    {
        _project.WriteTable("20260101000001", "a");

        var (code, _, stderr) = await RunProcessAsync([], ">/dev/full", "status", "--connection", _db);

        Assert.Equal(74, code);
        Assert.Equal("error: cannot write to stdout: No space left on device", stderr.Trim());
    }

    [Fact]
    public async Task In_process_a_failing_stdout_is_exit_74_and_a_failing_stderr_drops_the_lines()
    {
        _project.WriteTable("20260101000001", "a");
        using var stderr = new StringWriter();

        var outFailed = await CliApp.RunAsync(["status", "--connection", _db], new FullWriter(), stderr, new Dictionary<string, string?>(), CancellationToken.None, Dir);
        var errFailed = await CliApp.RunAsync(["frobnicate"], TextWriter.Null, new FullWriter(), new Dictionary<string, string?>(), CancellationToken.None, Dir);

        Assert.Equal(74, outFailed);
        Assert.StartsWith("error: cannot write to stdout: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, errFailed);
    }

    /// <summary>A writer on a full disk.</summary>
    private sealed class FullWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");
    }

    /// <summary>Runs the built CLI through sh, so <paramref name="redirect"/> can point a stream at /dev/full.</summary>
    private async Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(Dictionary<string, string> environment, string? redirect, params string[] args)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet \"$@\" {redirect}");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cutover.Cli.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _project.Dispose();
}
