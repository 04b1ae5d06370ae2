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
        {
            // Piped or JSON: only backfills, which may run for hours, say how far they are.
            return await run(BackfillOutput.ToStderr(context.Stderr)).ConfigureAwait(false);
        }

        RunResult? result = null;
        await context.Ansi.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
        {
            ProgressTask? bar = null;
            var backfills = new Dictionary<string, ProgressTask>();
            result = await run(new SyncProgress<RunEvent>(e =>
            {
                if (BackfillOutput.Of(e) is (var s, var waiting))
                {
                    if (!backfills.TryGetValue(s.Id, out var task))
                        backfills[s.Id] = task = progress.AddTask(s.Id, maxValue: Math.Max(1, s.TotalEstimate ?? 1));
                    task.MaxValue = Math.Max(task.MaxValue, s.RowsDone);
                    task.Value = s.RowsDone;
                    task.Description = Markup.Escape($"backfill {BackfillOutput.Line(s)}{(waiting is null ? "" : " — " + waiting)}");
                    return;
                }
                switch (e)
                {
                    // Below six migrations a bar only flickers; the lines printed afterwards say enough.
                    case MigrationStarted started when started.Total > 5:
                        bar ??= progress.AddTask("migrating", maxValue: started.Total);
                        bar.Description = $"{started.Id}_{started.Name}";
                        bar.Value = started.Index - 1;
                        break;
                    case MigrationFinished finished when bar is not null:
                        bar.Value = finished.Index;
                        break;
                }
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
            var verb = m.DeferredBackfill is not null ? "[yellow]started[/]" : m.Direction == Direction.Up ? "[green]applied[/]" : "[yellow]rolled back[/]";
            console.MarkupLine($"{verb} {m.Id}_{Markup.Escape(m.Name)} [grey]({m.DurationMs} ms{(m.RowsChanged > 0 ? $", {m.RowsChanged} row(s) changed" : "")})[/]");
            foreach (var loss in m.DataLoss ?? [])
                console.WriteLine($"  destroyed {loss}");
        }
        foreach (var m in result.Migrations.Where(m => m.DeferredBackfill is not null))
            console.WriteLine($"backfill {m.DeferredBackfill} is left to a background runner (`cutover backfill run`); the rest of {m.Id} and later migrations wait for it");
        console.WriteLine(result.Migrations.Count == 0 ? "nothing to do" : $"{result.Migrations.Count} migration(s) in {result.ElapsedMs} ms");
    }

    /// <summary>The SQL a dry run would execute, as a script a person can read or pipe into a client.</summary>
    private static void WriteSteps(TextWriter stdout, IReadOnlyList<PlannedStep> steps)
    {
        foreach (var step in steps)
        {
            stdout.WriteLine($"-- cutover:{Cutover.Files.StepKindExtensions.Directive(step.Kind)}");
            foreach (var statement in step.Statements)
                stdout.WriteLine(statement.Text + ";");
        }
    }

    public static void WriteDryRun(TextWriter stdout, RunResult result)
    {
        foreach (var m in result.Migrations)
        {
            stdout.WriteLine($"-- {m.Id}_{m.Name} ({m.Direction.ToString().ToLowerInvariant()})");
            foreach (var loss in m.DataLoss ?? [])
                stdout.WriteLine($"-- would destroy {loss}");
            WriteSteps(stdout, m.Steps);
            if (m.Phases is { } phases)
            {
                stdout.WriteLine($"-- then `cutover complete {m.Id}` would run:");
                WriteSteps(stdout, phases.Complete);
                stdout.WriteLine($"-- or `cutover abort {m.Id}` would run:");
                WriteSteps(stdout, phases.Abort);
            }
            stdout.WriteLine();
        }
        stdout.WriteLine(result.Migrations.Count == 0
            ? "-- dry run: nothing to do"
            : $"-- dry run: {result.Migrations.Count} migration(s) would run; nothing was changed");
    }
}
