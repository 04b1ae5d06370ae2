using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cutover.Configuration;
using Spectre.Console;

namespace Cutover.Cli;

/// <summary>What a command handler needs: the writers, the global options, and a migrator for the target.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? environment, GlobalOptions globals, string workingDirectory,
    bool writesToConsole = false)
{
    private ParseResult? _parsed;
    private IAnsiConsole? _console;

    public TextWriter Stdout => stdout;
    public string WorkingDirectory => workingDirectory;
    public TextWriter Stderr => stderr;
    public bool Json => _parsed!.GetValue(globals.Json);
    public bool Verbose => _parsed!.GetValue(globals.Verbose);
    public string? ConnectionOption => _parsed!.GetValue(globals.Connection);
    public string? MigrationsOption => _parsed!.GetValue(globals.Migrations);

    /// <summary>True when a person is watching: stdout is the real, unredirected terminal.</summary>
    public bool Interactive => environment is null && writesToConsole && !Console.IsOutputRedirected;

    /// <summary>True when a person can answer a question: <see cref="Interactive"/>, and stdin is the terminal too.</summary>
    public bool CanAsk => Interactive && !Console.IsInputRedirected;

    public void Bind(ParseResult parsed) => _parsed = parsed;

    public string? Variable(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);

    /// <summary>Spectre.Console over stdout; colour only for a terminal without NO_COLOR or --no-color.</summary>
    public IAnsiConsole Ansi => _console ??= CreateConsole();

    private IAnsiConsole CreateConsole()
    {
        var color = UseColour(Interactive, _parsed!.GetValue(globals.NoColor), Variable("NO_COLOR"));
        // At a terminal, Spectre is given the console's own writer: it recognises it, and takes the terminal's width and
        // abilities from it. Elsewhere (redirected, possibly to a full disk) it writes through the guarded stdout.
        return CreateConsole(Interactive ? Console.Out : stdout, color, Interactive);
    }

    /// <summary>Colour only for a person at a terminal who has not asked for none (https://no-color.org: any non-empty value).</summary>
    public static bool UseColour(bool interactive, bool noColorOption, string? noColorVariable) =>
        interactive && !noColorOption && string.IsNullOrEmpty(noColorVariable);

    /// <summary>A Spectre console writing to <paramref name="writer"/>; without colour it writes plain text, no escape codes.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer, bool color, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Redirected output has no width to detect; wide enough that tables in logs and pipes do not wrap.
        if (!interactive)
            console.Profile.Width = 160;
        return color ? console : new Rendering.PlainConsole(console);
    }

    public Task<CutoverOptions> OptionsAsync(CancellationToken cancellationToken) => OptionsAsync(null, cancellationToken);

    /// <summary>The options for <paramref name="connection"/> when given (e.g. `rehearse --from`), else for the configured connection.</summary>
    public Task<CutoverOptions> OptionsAsync(string? connection, CancellationToken cancellationToken) =>
        ConfigResolver.ResolveAsync(Sources(connection), cancellationToken);

    public Task<string?> ConnectionAsync(CancellationToken cancellationToken) =>
        ConfigResolver.ResolveConnectionAsync(Sources(null), cancellationToken);

    public Task<string> MigrationsFolderAsync(CancellationToken cancellationToken) =>
        ConfigResolver.ResolveMigrationsFolderAsync(Sources(null), cancellationToken);

    /// <summary>Every command finds its settings here, so --migrations and the CUTOVER_* variables reach them all alike.</summary>
    private ConfigSources Sources(string? connection) => new(workingDirectory)
    {
        ConfigPath = _parsed!.GetValue(globals.Config),
        ConnectionOption = connection ?? ConnectionOption,
        MigrationsOption = MigrationsOption,
        Environment = Variable,
    };

    public Task<Migrator> MigratorAsync(CancellationToken cancellationToken) => MigratorAsync(null, cancellationToken);

    /// <summary>A migrator for <paramref name="connection"/> when given (e.g. `rehearse --from`), else for the configured connection.</summary>
    public async Task<Migrator> MigratorAsync(string? connection, CancellationToken cancellationToken)
    {
        var options = await OptionsAsync(connection, cancellationToken).ConfigureAwait(false);
        return new Migrator(options, ProviderFactory.For(options.ConnectionString), new StderrLogger<Migrator>(stderr, Verbose));
    }

    /// <summary>Prints an object result as the one --json document: <c>version</c> first, then its properties.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => stdout.WriteLine(Rendering.JsonContract.Object(value, type));

    /// <summary>Prints a list result as the one --json document, the list under <paramref name="name"/>.</summary>
    public void WriteJsonList<T>(T value, JsonTypeInfo<T> type, string name) => stdout.WriteLine(Rendering.JsonContract.List(value, type, name));

    /// <summary>Under --json, the error as the one document on stdout (stderr keeps the text lines for people).</summary>
    public void WriteJsonError(Rendering.ErrorJson error) =>
        stdout.WriteLine(Rendering.JsonContract.Object(new Rendering.ErrorDocument(error), Rendering.CliJson.Default.ErrorDocument));

    /// <summary>Writes the error (and its hint) to stderr; stderr drops what it cannot write (<see cref="StandardStream"/>).</summary>
    public async Task ReportAsync(Exception e)
    {
        if (e is CutoverException known)
        {
            await stderr.WriteLineAsync($"error: {ErrorAdvice.MessageOf(known)}").ConfigureAwait(false);
            if (ErrorAdvice.HintOf(known) is { } hint)
                await stderr.WriteLineAsync($"hint: {hint}").ConfigureAwait(false);
        }
        else
        {
            await stderr.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            await stderr.WriteLineAsync("hint: run again with --verbose and report the details").ConfigureAwait(false);
        }
        if (Verbose)
            await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
    }
}
