using System.Globalization;
using System.Diagnostics;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>
    /// Rolls back applied migrations, newest first, with the down SQL stored in the history when they were
    /// applied — so a rollback works after a branch switch removed the file. Every migration to roll back
    /// is checked for a down step before the first one runs.
    /// </summary>
    public async Task<RunResult> DownAsync(DownOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DownOptions();
        if (options.Steps is not null && options.To is not null)
            throw new InvalidOptionException(nameof(DownOptions.To), options.To, $"give {nameof(DownOptions.Steps)} or {nameof(DownOptions.To)}, not both");
        if (options.Steps is <= 0)
            throw new InvalidOptionException(nameof(DownOptions.Steps), options.Steps.Value.ToString(CultureInfo.InvariantCulture), "must be at least 1", "1");
        if (options.To is not null && options.To != "0")
            ValidateId(options.To, nameof(DownOptions.To));
        var clock = Stopwatch.StartNew();
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);

        if (options.DryRun)
        {
            var plan = await ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
            var targets = SelectDownTargets(plan, options);
            return new RunResult(true, targets.Select(t => new MigrationRun(t.Id, t.Name, Direction.Down, 0,
                DownScriptOf(t).DownSteps.Select(ToPlannedStep).ToList())).ToList(), clock.ElapsedMilliseconds, Report(plan));
        }

        return await RunEachAsync(files, options.Progress, plan => SelectDownTargets(plan, options), RollBackOneAsync, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rolls back the newest applied migration and applies its current file again, under one lock, then
    /// proves the round trip: the schema after down must equal the one recorded before the migration was
    /// applied (when a run stopped there), and the schema after up must equal the one before redo. A
    /// difference fails the command with the list of changes; the migration stays applied.
    /// </summary>
    public async Task<RunResult> RedoAsync(IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var (runs, after) = await UnderLockAsync(files, progress, SelectRedoTarget, _ => false, async (session, target) =>
        {
            var predecessor = session.Plan
                .Where(m => m.Record is { State: HistoryStates.Applied or HistoryStates.Baseline } && string.CompareOrdinal(m.Id, target.Id) < 0)
                .Select(m => m.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
            var beforeApplied = await SchemaRecords.LatestWhileNewestAsync(session.Connection, predecessor, cancellationToken).ConfigureAwait(false);
            var beforeRedo = await ReadLiveSchemaAsync(session, cancellationToken).ConfigureAwait(false);

            var down = await RollBackOneAsync(session, target, 1, 2, progress, cancellationToken).ConfigureAwait(false);
            var rolledBack = await ReadLiveSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            var up = await ApplyOneAsync(session, target with { Record = null, State = MigrationState.Pending }, 2, 2, progress, cancellationToken).ConfigureAwait(false);
            var reapplied = await RecordSchemaAsync(session, cancellationToken).ConfigureAwait(false);

            var notRestored = beforeApplied is null ? [] : SchemaDiff.Compare(beforeApplied.Model, rolledBack);
            if (notRestored.Count > 0)
                throw RoundTripFailed(target, "after its down step the schema differs from the one recorded before it was applied", notRestored);
            var notReapplied = SchemaDiff.Compare(beforeRedo, reapplied);
            if (notReapplied.Count > 0)
                throw RoundTripFailed(target, "after down and up the schema differs from the one before redo", notReapplied);
            if (beforeApplied is null)
                _logger.LogInformation("No schema was recorded with {Id} as the newest migration's predecessor; redo checked that down and up return to the same schema", target.Id);
            return new List<MigrationRun> { down, up };
        }, [], cancellationToken).ConfigureAwait(false);
        return new RunResult(false, runs, clock.ElapsedMilliseconds, Report(after));
    }

    private static MigrationStateException RoundTripFailed(PlannedMigration target, string what, IReadOnlyList<SchemaChange> changes)
    {
        const int shown = 5;
        var listed = string.Join("; ", changes.Take(shown).Select(c => $"{c.Kind} {c.Object}{(c.Detail.Length > 0 ? $" ({c.Detail})" : "")}"));
        var more = changes.Count > shown ? $"; and {changes.Count - shown} more" : "";
        return new MigrationStateException(target.Id, MigrationConflict.RedoNotReversible, $"{Where(target)}: redo of {target.Id}: {what}: {listed}{more}",
            "make the down step undo exactly what the up step does (the migration is applied)");
    }

    private PlannedMigration SelectRedoTarget(IReadOnlyList<PlannedMigration> plan)
    {
        var target = SelectDownTargets(plan, new DownOptions { Steps = 1 })[0];
        if (target.File is null)
            throw new MigrationStateException(target.Id, MigrationConflict.RedoFileMissing, $"history:{target.Id}_{target.Name}: cannot redo {target.Id}: its file is gone",
                "restore the file, or only roll it back");
        return target;
    }

    private async Task<MigrationRun> RollBackOneAsync(
        LockedSession session, PlannedMigration target, int index, int total, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new RunEvent(RunEventKind.Started, target.Id, target.Name, index, total, null));
        _logger.LogInformation("Rolling back {Id}_{Name}", target.Id, target.Name);
        var script = DownScriptOf(target);
        var outcome = await session.Runner.RollBackAsync(session.Connection, target.Record!, script, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunEvent(RunEventKind.Finished, target.Id, target.Name, index, total, null));
        return new MigrationRun(target.Id, target.Name, Direction.Down, outcome.DurationMs, script.DownSteps.Select(ToPlannedStep).ToList(), outcome.RowsChanged);
    }

    /// <summary>The down steps as they were when the migration was applied (stored in its history row).</summary>
    private MigrationFile DownScriptOf(PlannedMigration target) =>
        MigrationFileParser.ParseDownScript(target.Id, target.Name, target.Record!.DownScript ?? "", _provider.Dialect);

    /// <summary>What <c>down</c> would roll back, newest first, or why it must not run at all.</summary>
    private List<PlannedMigration> SelectDownTargets(IReadOnlyList<PlannedMigration> plan, DownOptions options)
    {
        // A migration waiting for its backfill (Backfilling) is settled enough: its down steps undo the steps applied so far.
        var blocking = plan.FirstOrDefault(m => m.State == MigrationState.Failed
            || (m.State == MigrationState.Interrupted && !m.Record!.IsRollingBack));
        if (blocking is not null)
            throw new MigrationStateException(blocking.Id,
                blocking.State == MigrationState.Failed ? MigrationConflict.FailedBeforeRollback : MigrationConflict.UnfinishedBeforeRollback,
                $"{Where(blocking)}: migration {blocking.Id} is {(blocking.State == MigrationState.Failed ? "failed" : "unfinished")}; roll back only from a settled state");

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
            if (steps > rollbackable.Count)
                throw new InvalidOptionException(nameof(DownOptions.Steps), steps.ToString(CultureInfo.InvariantCulture),
                    $"only {rollbackable.Count} applied migration(s) can be rolled back{(baseline is null ? "" : $" (baseline {baseline.Id})")}",
                    Math.Max(1, rollbackable.Count).ToString(CultureInfo.InvariantCulture));
            targets = rollbackable.Take(steps).ToList();
        }

        foreach (var target in targets)
        {
            var script = DownScriptOf(target);
            if (script.IrreversibleReason is not null)
                throw new MigrationStateException(target.Id, MigrationConflict.Irreversible, $"{Where(target)}: migration {target.Id} is irreversible: {script.IrreversibleReason}",
                    "restore from a backup, or write a new migration that undoes it");
            if (!script.DownSteps.Any())
                throw new MigrationStateException(target.Id, MigrationConflict.NoDownStep, $"{Where(target)}: migration {target.Id} has no down step",
                    "add a down step (and accept the new checksum with a repair), or write a new migration that undoes it");
        }
        return targets;
    }
}
