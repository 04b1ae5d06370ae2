using Cutover.Running;
using Spectre.Console;

namespace Cutover.Cli.Rendering;

/// <summary>Shows a running `up` / `down` / `redo`: lock waits and retries as they happen, a progress bar for long runs, then what ran.</summary>
internal static class RunOutput
{
    /// <summary>How many rows a run prints of what it did and of the status after it.</summary>
    public const int Shown = 15;

    /// <summary>Runs <paramref name="run"/> with a progress display when a person watches more than a handful of migrations.</summary>
    public static async Task<RunResult> RunAsync(CliContext context, Func<IProgress<RunEvent>?, Task<RunResult>> run)
    {
        if (!context.Interactive || context.Json)
            return await run(null).ConfigureAwait(false);

        RunResult? result = null;
        await context.Ansi.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
        {
            ProgressTask? bar = null;
            result = await run(new BarProgress(e =>
            {
                // Below six migrations a bar only flickers; the lines printed afterwards say enough.
                if (e.Kind == RunEventKind.Started && e.Total > 5)
                {
                    bar ??= progress.AddTask("migrating", maxValue: e.Total);
                    bar.Description = $"{e.Id}_{e.Name}";
                    bar.Value = e.Index - 1;
                }
                if (e.Kind == RunEventKind.Finished && bar is not null)
                    bar.Value = e.Index;
            })).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>One line per migration run; after a long run only the last <see cref="Shown"/> (the total follows).</summary>
    public static void WriteRuns(IAnsiConsole console, RunResult result)
    {
        var hidden = Math.Max(0, result.Migrations.Count - Shown);
        if (hidden > 0)
            console.WriteLine($"… {hidden} earlier migration(s)");
        foreach (var m in result.Migrations.Skip(hidden))
        {
            var verb = m.Direction == Direction.Up ? "[green]applied[/]" : "[yellow]rolled back[/]";
            console.MarkupLine($"{verb} {m.Id}_{Markup.Escape(m.Name)} [grey]({m.DurationMs} ms{(m.RowsChanged > 0 ? $", {m.RowsChanged} row(s) changed" : "")})[/]");
        }
        console.WriteLine(result.Migrations.Count == 0 ? "nothing to do" : $"{result.Migrations.Count} migration(s) in {result.ElapsedMs} ms");
    }

    /// <summary>The SQL a dry run would execute, as a script a person can read or pipe into a client.</summary>
    public static void WriteDryRun(TextWriter stdout, RunResult result)
    {
        foreach (var m in result.Migrations)
        {
            stdout.WriteLine($"-- {m.Id}_{m.Name} ({m.Direction.ToString().ToLowerInvariant()})");
            foreach (var step in m.Steps)
            {
                stdout.WriteLine($"-- cutover:{Cutover.Files.StepKindExtensions.Directive(step.Kind)}");
                foreach (var statement in step.Statements)
                    stdout.WriteLine(statement.Text + ";");
            }
            stdout.WriteLine();
        }
        stdout.WriteLine(result.Migrations.Count == 0
            ? "-- dry run: nothing to do"
            : $"-- dry run: {result.Migrations.Count} migration(s) would run; nothing was changed");
    }

    /// <summary>Feeds the progress bar. Lock waits and retries reach stderr through the engine's log (warnings).</summary>
    private sealed class BarProgress(Action<RunEvent> bar) : IProgress<RunEvent>
    {
        private readonly Lock _gate = new();

        public void Report(RunEvent value)
        {
            lock (_gate)
                bar(value);
        }
    }
}
