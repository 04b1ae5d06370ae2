using System.CommandLine;
using Cutover.Backfill;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

/// <summary>`cutover backfill status | pause | resume | cancel | run`: backfills seen and steered from any machine.</summary>
internal static class BackfillCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("backfill", "Show and steer backfills: status, pause, resume, cancel, and run (the background runner)");

        var status = new Command("status", "Show every backfill: state, rows done, rate, ETA, position");
        status.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            Write(context, await migrator.BackfillStatusAsync(cancellationToken).ConfigureAwait(false));
            return 0;
        });
        command.Subcommands.Add(status);

        command.Subcommands.Add(Steer(context, "pause", "Pause a backfill after the batch in flight", (m, id, ct) => m.PauseBackfillAsync(id, ct)));
        command.Subcommands.Add(Steer(context, "resume", "Let a paused, cancelled or failed backfill continue from its checkpoint", (m, id, ct) => m.ResumeBackfillAsync(id, ct)));
        command.Subcommands.Add(Steer(context, "cancel", "Stop a backfill after the batch in flight; batches done stay done", (m, id, ct) => m.CancelBackfillAsync(id, ct)));

        var once = new Option<bool>("--once") { Description = "Exit when no backfill is left to run instead of waiting for more" };
        var verifyEvery = WholeNumberOption.Create("--verify-every",
            "Also verify every migration whose operations are expanded, every N minutes (the first time after N minutes); with --once, once at the end");
        var run = new Command("run", "Run deferred backfills to their end, then the rest of their migrations; keeps watching unless --once") { once, verifyEvery };
        run.SetAction(async (parsed, cancellationToken) =>
        {
            var minutes = parsed.GetValue(verifyEvery);
            if (minutes is <= 0)
                throw new InvalidOptionException("VerifyEvery", minutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a positive number of minutes");
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var backfills = migrator.RunBackfillsAsync(parsed.GetValue(once), BackfillOutput.ToStderr(context.Stderr), cancellationToken);
            var mismatches = false;
            if (minutes is { } every && !parsed.GetValue(once))
            {
                // Until stopped, like the backfills: each round's results go to stderr and are stored, as `cutover verify` stores them.
                await Task.WhenAll(backfills, VerifyOnScheduleAsync(context, migrator, TimeSpan.FromMinutes(every), cancellationToken)).ConfigureAwait(false);
            }
            var handled = await backfills.ConfigureAwait(false);
            if (minutes is not null && parsed.GetValue(once))
                mismatches = !await VerifyExpandedAsync(context, migrator, cancellationToken).ConfigureAwait(false);
            Write(context, handled);
            return handled.Any(b => b.State == BackfillStates.Failed) ? (int)ExitCode.Failed : mismatches ? (int)ExitCode.ValidationFailed : 0;
        });
        command.Subcommands.Add(run);
        return command;
    }

    private static async Task VerifyOnScheduleAsync(CliContext context, Migrator migrator, TimeSpan every, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(every, cancellationToken).ConfigureAwait(false);
            try
            {
                await VerifyExpandedAsync(context, migrator, cancellationToken).ConfigureAwait(false);
            }
            catch (CutoverException e) when (e is not InvalidInputException)
            {
                // A round that fails (the database was unreachable) is reported; the schedule goes on, as the backfills do.
                context.Stderr.WriteLine($"verify: {e.Message}");
            }
        }
    }

    /// <summary>One round of verification; false when a migration's shapes disagree.</summary>
    private static async Task<bool> VerifyExpandedAsync(CliContext context, Migrator migrator, CancellationToken cancellationToken)
    {
        var results = await migrator.VerifyExpandedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            context.Stderr.WriteLine($"verified {result.MigrationId}: {result.Rows} row(s) compared in {result.ElapsedMs} ms, {result.Mismatches} mismatching");
            foreach (var sample in result.Samples)
                context.Stderr.WriteLine($"  mismatch: {sample}");
        }
        return results.All(r => r.Clean);
    }

    private static Command Steer(CliContext context, string name, string description, Func<Migrator, string, CancellationToken, Task<BackfillStatus>> act)
    {
        var id = new Argument<string>("id") { Description = "The backfill's id (<migration id>/<step>), or its migration's id when it has one backfill" };
        var command = new Command(name, description) { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            Write(context, [await act(migrator, parsed.GetValue(id)!, cancellationToken).ConfigureAwait(false)]);
            return 0;
        });
        return command;
    }

    private static void Write(CliContext context, IReadOnlyList<BackfillStatus> backfills)
    {
        if (context.Json)
            context.WriteJsonList(backfills, CliJson.Default.IReadOnlyListBackfillStatus, "backfills");
        else
            BackfillOutput.WriteTable(context.Ansi, backfills);
    }
}
