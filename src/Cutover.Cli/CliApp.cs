using System.CommandLine;
using Cutover.Cli.Commands;
using Cutover.Cli.Rendering;

namespace Cutover.Cli;

/// <summary>Builds the command tree, runs one command line and turns every outcome into an exit code.</summary>
internal static class CliApp
{
    public const int Cancelled = 130;

    /// <summary>stdout could not be written (sysexits' EX_IOERR); the command stopped there.</summary>
    public const int OutputFailed = 74;

    /// <summary>Every command and option of the tool.</summary>
    public static RootCommand CreateRoot(CliContext context, GlobalOptions globals)
    {
        var root = new RootCommand("Cutover: versioned, reversible, logged database migrations for SQLite and PostgreSQL.");
        globals.AddTo(root);
        foreach (var command in new[]
        {
            InitCommand.Create(context), NewCommand.Create(context), StatusCommand.Create(context), UpCommand.Create(context),
            DownCommand.Create(context), RedoCommand.Create(context), ValidateCommand.Create(context), BaselineCommand.Create(context),
            RepairCommand.Create(context), HistoryCommand.Create(context), SchemaCommand.Create(context), DriftCommand.Create(context),
            SumCommand.Create(context), CheckCommand.Create(context), RehearseCommand.Create(context), BackfillCommand.Create(context),
            CompleteCommand.Create(context), AbortCommand.Create(context), VerifyCommand.Create(context), ArchivesCommand.Create(context), RolloutCommand.Create(context),
            ServeCommand.Create(context), ImportCommand.Create(context), CompletionCommand.Create(context),
        })
        {
            root.Subcommands.Add(command);
        }
        Help.ExamplesHelpAction.InstallOn(root);
        return root;
    }

    /// <summary>
    /// Runs <paramref name="args"/>. Tests call this in-process, reading what it printed, with their own
    /// environment variables and working directory instead of the process's.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default, string? workingDirectory = null)
    {
        var writesToConsole = ReferenceEquals(stdout, Console.Out);
        var output = new StandardStream(stdout, "stdout", dropFailedWrites: false);
        var errors = new StandardStream(stderr, "stderr", dropFailedWrites: true);
        try
        {
            return await RunAsync(args, output, errors, environment, cancellationToken, workingDirectory, writesToConsole).ConfigureAwait(false);
        }
        catch (OutputFailedException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return OutputFailed;
        }
    }

    private static async Task<int> RunAsync(
        string[] args, StandardStream stdout, StandardStream stderr, IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken, string? workingDirectory, bool writesToConsole)
    {
        var globals = new GlobalOptions();
        var context = new CliContext(stdout, stderr, environment, globals, workingDirectory ?? Environment.CurrentDirectory, writesToConsole);
        var root = CreateRoot(context, globals);

        // No response files: an argument starting with @ is an argument (`check --base @{u}`), never a file to read.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            // One line, so scripts can show it as is. "Required command was not provided" accompanies a
            // mistyped command, whose own error names the word; alone, it means no command was given.
            var error = parsed.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal));
            var message = error is null ? "no command given" : error.Message.TrimEnd('.');
            if (error is not null && DidYouMean.For(parsed) is { } suggestion)
                message += $"; did you mean '{suggestion}'?";
            var help = parsed.CommandResult.Command == root ? "cutover --help" : $"cutover {parsed.CommandResult.Command.Name} --help";
            await stderr.WriteLineAsync($"error: {message} (see `{help}`)").ConfigureAwait(false);
            if (parsed.Tokens.Any(t => t.Value == "--json"))
                context.WriteJsonError(new ErrorJson(ErrorCode.Usage, (int)ExitCode.BadInput, message, $"see `{help}`"));
            return (int)ExitCode.BadInput;
        }
        context.Bind(parsed);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (CutoverException e)
        {
            await context.ReportAsync(e).ConfigureAwait(false);
            var code = ErrorAdvice.ExitCodeOf(e);
            if (context.Json)
                context.WriteJsonError(ErrorCodes.Describe(e, code));
            return (int)code;
        }
        catch (OperationCanceledException)
        {
            const string message = "cancelled; the current step was rolled back and the next run resumes";
            await stderr.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            if (context.Json)
                context.WriteJsonError(new ErrorJson(ErrorCode.Cancelled, Cancelled, message, null));
            return Cancelled;
        }
        catch (Exception e) when (e is not OutputFailedException)
        {
            await context.ReportAsync(e).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJsonError(new ErrorJson(ErrorCode.Unexpected, (int)ExitCode.Failed, $"unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}",
                    "run again with --verbose and report the details"));
            }
            return (int)ExitCode.Failed;
        }
    }
}
