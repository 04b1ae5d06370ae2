using System.Diagnostics;
using System.Globalization;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// Rolling back (<see cref="Migrator.DownAsync"/>) and its round trip (<see cref="Migrator.RedoAsync"/>): which
/// migrations, and running them under the lock.
/// </summary>
internal sealed class RollbackWorkflow(MigratorContext context)
{
    public Task<RunResult> DownAsync(DownOptions options, CancellationToken cancellationToken) =>
        Telemetry.CutoverTelemetry.InRunSpanAsync("down", () => DownUntracedAsync(options, cancellationToken));

    private async Task<RunResult> DownUntracedAsync(DownOptions options, CancellationToken cancellationToken)
    {
        if (options.Steps is not null && options.To is not null)
            throw new InvalidOptionException(nameof(DownOptions.To), options.To, $"give {nameof(DownOptions.Steps)} or {nameof(DownOptions.To)}, not both");
        if (options.Steps is <= 0)
            throw new InvalidOptionException(nameof(DownOptions.Steps), options.Steps.Value.ToString(CultureInfo.InvariantCulture), "must be at least 1", "1");
        if (options.To is not null && options.To != "0")
            MigrationIds.Validate(options.To, nameof(DownOptions.To));
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);

        var current = await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        var planned = SelectTargets(current, options);
        // Counted before the lock and before anything runs: a refusal changes nothing.
        var losses = await CountLossesAsync(planned, cancellationToken).ConfigureAwait(false);
        if (options.DryRun)
            return new RunResult(true, planned.Select(t => new MigrationRun(t.Id, t.Name, Direction.Down, 0,
                PlannedSteps.Of(t.StoredDownScript(context.Provider.Dialect).DownSteps), DataLoss: LossesOf(losses, t.Id))).ToList(), clock.ElapsedMilliseconds, context.Report(current));
        if (planned.Count == 0)
            return new RunResult(false, [], clock.ElapsedMilliseconds, context.Report(current));
        if (losses.Count > 0 && !options.AcceptDataLoss)
            throw new DataLossException(losses);

        await using var session = await MigrationSession.OpenAsync(context, files, options.Progress, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        var targets = SelectTargets(session.Plan, options);
        var runs = new List<MigrationRun>();
        foreach (var target in targets)
        {
            var run = await session.RollBackAsync(target, runs.Count + 1, targets.Count, cancellationToken).ConfigureAwait(false);
            runs.Add(run with { DataLoss = LossesOf(losses, target.Id) });
        }
        await session.RecordSchemaAsync("the migrations were rolled back", cancellationToken).ConfigureAwait(false);
        var after = await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false);
        return new RunResult(false, runs, clock.ElapsedMilliseconds, context.Report(after));
    }

    /// <summary>
    /// Down then up of the newest migration under one lock. First a trial of both inside a transaction that is rolled
    /// back (<see cref="RedoTrial"/>): a down step that does not restore the schema recorded before the migration was
    /// applied (when a run stopped there), or an up step that then fails or builds another schema, refuses the redo with
    /// nothing changed. Then the real down, the same comparison before re-applying (for down steps the trial could not
    /// run), the up, and the proof that the schema after up is the one before redo.
    /// </summary>
    /// <remarks>
    /// Redo is for the migration being written, right after its up: it does not ask before its down step drops data
    /// (the counts are logged as warnings), unlike <see cref="DownAsync"/>.
    /// </remarks>
    public async Task<RunResult> RedoAsync(IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        // Decided before locking, so a refusal takes no lock and writes nothing.
        var planned = SelectRedoTarget(await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false));
        foreach (var loss in await CountLossesAsync([planned], cancellationToken).ConfigureAwait(false))
            Logging.CutoverLog.RedoDestroysData(context.Logger, loss.MigrationId, loss);

        await using var session = await MigrationSession.OpenAsync(context, files, progress, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        var target = SelectRedoTarget(session.Plan);
        var predecessor = session.Plan
            .Where(m => m.Record is { State: HistoryStates.Applied or HistoryStates.Baseline } && string.CompareOrdinal(m.Id, target.Id) < 0)
            .Select(m => m.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
        var beforeApplied = (await SchemaRecords.LatestWhileNewestAsync(session.Connection, predecessor, cancellationToken).ConfigureAwait(false))?.Model;
        var beforeRedo = await session.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        await RedoTrial.RunAsync(context, session.Connection, target, beforeApplied, beforeRedo, cancellationToken).ConfigureAwait(false);

        var down = await session.RollBackAsync(target, 1, 2, cancellationToken).ConfigureAwait(false);
        var rolledBack = await session.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        // Before applying again: an up over what the down left behind would fail half-way or build something else.
        if (beforeApplied is not null && RedoTrial.Differences(beforeApplied, rolledBack, context, target) is { Count: > 0 } notRestored)
        {
            await session.RecordSchemaAsync("the migration was rolled back", cancellationToken).ConfigureAwait(false);
            throw new MigrationStateException(target.Id, MigrationConflict.RedoDownIncomplete,
                $"{target.Where}: redo of {target.Id}: its down step (which runs outside a transaction, so it could not be tried first) did not restore the schema recorded before it was applied: {RedoTrial.List(notRestored)}; the migration is rolled back and was not applied again",
                "remove what the down step left behind (and fix the down step), then apply the migration again");
        }
        var up = await session.ApplyAsync(target with { Record = null, State = MigrationState.Pending }, 2, 2, cancellationToken).ConfigureAwait(false);
        var reapplied = await session.RecordSchemaAsync("the migration was rolled back and applied again", cancellationToken).ConfigureAwait(false);

        var notReapplied = RedoTrial.Differences(beforeRedo, reapplied, context, target);
        if (notReapplied.Count > 0)
            throw new MigrationStateException(target.Id, MigrationConflict.RedoNotReversible,
                $"{target.Where}: redo of {target.Id}: after down and up the schema differs from the one before redo: {RedoTrial.List(notReapplied)}",
                "make the down step undo exactly what the up step does (the migration is applied)");
        if (beforeApplied is null)
            Logging.CutoverLog.RedoWithoutRecordedSchema(context.Logger, target.Id);
        var after = await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false);
        return new RunResult(false, [down, up], clock.ElapsedMilliseconds, context.Report(after));
    }

    /// <summary>What rolling back <paramref name="targets"/> would destroy, read without the lock and without writing.</summary>
    private async Task<IReadOnlyList<DataLoss>> CountLossesAsync(IReadOnlyList<PlannedMigration> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
            return [];
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        return await DataLossCount.CountAsync(context, connection, targets, cancellationToken).ConfigureAwait(false);
    }

    private static List<DataLoss> LossesOf(IReadOnlyList<DataLoss> losses, string id) => losses.Where(l => l.MigrationId == id).ToList();

    private PlannedMigration SelectRedoTarget(IReadOnlyList<PlannedMigration> plan)
    {
        var target = SelectTargets(plan, new DownOptions { Steps = 1 })[0];
        if (target.File is null)
            throw new MigrationStateException(target.Id, MigrationConflict.RedoFileMissing, $"history:{target.Id}_{target.Name}: cannot redo {target.Id}: its file is gone",
                "restore the file, or only roll it back");
        return target;
    }

    /// <summary>What <c>down</c> would roll back, newest first, or why it must not run at all.</summary>
    private List<PlannedMigration> SelectTargets(IReadOnlyList<PlannedMigration> plan, DownOptions options)
    {
        // A migration waiting for its backfill (Backfilling), or stopped at one (interrupted, failed or cancelled), is
        // settled enough: its down steps undo the steps applied so far.
        // An unfinished complete dropped part of the old shape already, and its row's down script may not say so yet.
        if (plan.FirstOrDefault(m => m.CompleteUnfinished) is { } completing)
            throw completing.CompleteUnfinishedError("roll back");
        var blocking = plan.FirstOrDefault(m => m.State == MigrationState.Failed
            || (m.State == MigrationState.Interrupted && !m.Record!.IsRollingBack && !m.StoppedAtBackfill));
        if (blocking is not null)
            throw new MigrationStateException(blocking.Id,
                blocking.State == MigrationState.Failed ? MigrationConflict.FailedBeforeRollback : MigrationConflict.UnfinishedBeforeRollback,
                $"{blocking.Where}: migration {blocking.Id} is {(blocking.State == MigrationState.Failed ? "failed" : "unfinished")}; roll back only from a settled state");

        // Newest first: an unfinished rollback, then applied migrations down to the baseline.
        var rollbackable = plan.Where(m => m.Record is not null && !m.Record.IsBaseline).OrderByDescending(m => m.Id, StringComparer.Ordinal).ToList();
        var baseline = plan.FirstOrDefault(m => m.State == MigrationState.Baseline);
        List<PlannedMigration> targets;
        if (options.To is not null)
        {
            if (options.To != "0" && !plan.Any(m => m.Id == options.To && m.Record is not null))
                throw new InvalidOptionException(nameof(DownOptions.To), options.To, "no applied migration has this id", remedy: "0 rolls back everything");
            if (baseline is not null && string.CompareOrdinal(options.To, baseline.Id) < 0)
                throw new InvalidOptionException(nameof(DownOptions.To), options.To, $"cannot roll back past the baseline {baseline.Id}", baseline.Id);
            targets = rollbackable.Where(m => string.CompareOrdinal(m.Id, options.To) > 0).ToList();
        }
        else
        {
            var steps = options.Steps ?? 1;
            if (rollbackable.Count == 0)
                throw new InvalidOptionException(nameof(DownOptions.Steps), steps.ToString(CultureInfo.InvariantCulture),
                    baseline is null ? "nothing is applied, so there is nothing to roll back" : $"nothing is applied above the baseline {baseline.Id}, so there is nothing to roll back");
            if (steps > rollbackable.Count)
                throw new InvalidOptionException(nameof(DownOptions.Steps), steps.ToString(CultureInfo.InvariantCulture),
                    $"only {rollbackable.Count} applied migration(s) can be rolled back{(baseline is null ? "" : $" (baseline {baseline.Id})")}",
                    rollbackable.Count.ToString(CultureInfo.InvariantCulture));
            targets = rollbackable.Take(steps).ToList();
        }

        foreach (var target in targets)
        {
            // A completed operation is undone from its archive, which is kept for the retention window only.
            if (target.Phase == "completed" && target.Operation!.RetainUntil < DateTime.UtcNow)
                throw new MigrationStateException(target.Id, MigrationConflict.Irreversible,
                    $"{target.Where}: migration {target.Id} was completed on {target.Operation.CompletedAt:u} and its archive was kept until {target.Operation.RetainUntil:u}: it can no longer be undone",
                    "restore from a backup, or write a new migration that undoes it");
            var script = target.StoredDownScript(context.Provider.Dialect);
            if (script.IrreversibleReason is not null)
                throw new MigrationStateException(target.Id, MigrationConflict.Irreversible, $"{target.Where}: migration {target.Id} is irreversible: {script.IrreversibleReason}",
                    "restore from a backup, or write a new migration that undoes it");
            if (!script.DownSteps.Any())
                throw new MigrationStateException(target.Id, MigrationConflict.NoDownStep, $"{target.Where}: migration {target.Id} has no down step",
                    "add a down step (and accept the new checksum with a repair), or write a new migration that undoes it");
        }
        return targets;
    }
}
