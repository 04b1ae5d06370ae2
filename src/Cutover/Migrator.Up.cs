using System.Diagnostics;
using Cutover.Files;
using Cutover.Running;
using Microsoft.Extensions.Logging;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>
    /// Applies pending migrations in id order under the migration lock, resuming one a killed runner left
    /// unfinished. Refuses (and changes nothing) when a migration failed, was edited after it was applied,
    /// or is older than the newest applied one without <see cref="UpOptions.AllowOutOfOrder"/>.
    /// </summary>
    public async Task<RunResult> UpAsync(UpOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new UpOptions();
        var clock = Stopwatch.StartNew();
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        if (options.To is not null)
        {
            ValidateId(options.To, nameof(UpOptions.To));
            RequireFile(files, options.To, nameof(UpOptions.To));
        }

        if (options.DryRun)
        {
            var plan = await ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
            var targets = SelectUpTargets(plan, options);
            return new RunResult(true, targets.Select(t => new MigrationRun(t.Id, t.Name, Direction.Up, 0, t.File!.UpSteps.Select(ToPlannedStep).ToList())).ToList(), clock.ElapsedMilliseconds, Report(plan));
        }

        return await RunEachAsync(files, options.Progress, plan => SelectUpTargets(plan, options), ApplyOneAsync, clock, cancellationToken, options.DeferBackfills,
            (session, targets) => CheckBackfillsAsync(session, targets, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Bad input in a backfill step that can be seen before anything runs — a C# backfill nobody registered, a table
    /// that exists already but has no usable key — is reported before the first migration writes anything. A table
    /// an earlier step creates can only be checked when its backfill step is reached.
    /// </summary>
    private async Task CheckBackfillsAsync(LockedSession session, IReadOnlyList<PlannedMigration> targets, CancellationToken cancellationToken)
    {
        var backfills = targets.SelectMany(t => t.File!.UpSteps.Where(s => s.Kind == StepKind.Backfill).Select(s => (t.File, Step: s))).ToList();
        if (backfills.Count == 0)
            return;
        var model = await ReadLiveSchemaAsync(session, cancellationToken).ConfigureAwait(false);
        var runner = NewBackfillRunner();
        foreach (var (file, step) in backfills)
            runner.Check(model, file!, step);
    }

    private async Task<MigrationRun> ApplyOneAsync(
        LockedSession session, PlannedMigration target, int index, int total, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var file = target.File!;
        progress?.Report(new RunEvent(RunEventKind.Started, file.Id, file.Name, index, total, null));
        _logger.LogInformation("Applying {Migration}", file.FileName);
        var resume = target.State is MigrationState.Interrupted or MigrationState.Backfilling ? target.Record : null;
        var backfillProgress = progress is null ? null : new InlineProgress<Backfill.BackfillProgress>(p =>
            progress.Report(new RunEvent(RunEventKind.Backfill, file.Id, file.Name, index, total, p.Waiting, p)));
        var outcome = await session.Runner.ApplyAsync(session.Connection, file, resume, session.DeferBackfills, backfillProgress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunEvent(RunEventKind.Finished, file.Id, file.Name, index, total, null));
        return new MigrationRun(file.Id, file.Name, Direction.Up, outcome.DurationMs, file.UpSteps.Select(ToPlannedStep).ToList(), outcome.RowsChanged, outcome.DeferredBackfill);
    }

    /// <summary>What <c>up</c> would run, or why it must not run at all.</summary>
    private static List<PlannedMigration> SelectUpTargets(IReadOnlyList<PlannedMigration> plan, UpOptions options)
    {
        foreach (var m in plan)
        {
            switch (m.State)
            {
                case MigrationState.Failed:
                    throw new MigrationStateException(m.Id, MigrationConflict.Failed, $"{Where(m)}: migration {m.Id} failed: {m.Record!.Error}");
                case MigrationState.Interrupted when m.Record!.IsRollingBack:
                    throw new MigrationStateException(m.Id, MigrationConflict.RollbackUnfinished, $"{Where(m)}: the rollback of {m.Id} did not finish");
                case MigrationState.Interrupted when m.File is null:
                    throw new MigrationStateException(m.Id, MigrationConflict.UnfinishedFileMissing, $"history:{m.Id}_{m.Name}: migration {m.Id} was interrupted and its file is gone",
                        "restore the file so it can be finished");
                case MigrationState.Changed:
                    throw new MigrationStateException(m.Id, MigrationConflict.Changed, $"{m.File!.Path}: changed since it was applied ({m.ToStatus().Detail})",
                        "restore the applied version, or accept the edited checksum with a repair if the edit is intended");
            }
        }

        var inScope = plan.Where(m => options.To is null || string.CompareOrdinal(m.Id, options.To) <= 0).ToList();
        var outOfOrder = inScope.FirstOrDefault(m => m.State == MigrationState.OutOfOrder);
        if (outOfOrder is not null && !options.AllowOutOfOrder)
        {
            var newest = plan.Where(m => m.Record is not null).Max(m => m.Id);
            throw new MigrationStateException(outOfOrder.Id, MigrationConflict.OutOfOrder, $"{outOfOrder.File!.Path}: out of order: older than {newest}, which is already applied",
                "allow out-of-order migrations for this run, or give it a newer id");
        }
        return inScope.Where(m => m.State is MigrationState.Pending or MigrationState.OutOfOrder or MigrationState.Interrupted or MigrationState.Backfilling).ToList();
    }

    private static PlannedStep ToPlannedStep(MigrationStep step) => new(step.Kind, step.Statements);

    private static string Where(PlannedMigration m) => m.File?.Path ?? $"history:{m.Id}_{m.Name}";

    private static void RequireFile(IReadOnlyList<MigrationFile> files, string id, string option)
    {
        if (!files.Any(f => f.Id == id))
            throw new InvalidOptionException(option, id, "no migration file has this id");
    }
}
