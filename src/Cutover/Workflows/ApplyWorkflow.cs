using System.Diagnostics;
using Cutover.Files;
using Cutover.Running;

namespace Cutover.Workflows;

/// <summary>Applying pending migrations (<see cref="Migrator.UpAsync"/>): which ones, and running them under the lock.</summary>
internal sealed class ApplyWorkflow(MigratorContext context)
{
    public Task<RunResult> UpAsync(UpOptions options, CancellationToken cancellationToken) =>
        Telemetry.CutoverTelemetry.InRunSpanAsync("up", () => UpUntracedAsync(options, cancellationToken));

    private async Task<RunResult> UpUntracedAsync(UpOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        if (options.To is not null)
        {
            MigrationIds.Validate(options.To, nameof(UpOptions.To));
            MigrationIds.RequireFile(files, options.To, nameof(UpOptions.To));
        }

        var current = await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        var planned = SelectTargets(current, options);
        if (options.DryRun)
            return new RunResult(true, await DryRunAsync(planned, cancellationToken).ConfigureAwait(false), clock.ElapsedMilliseconds, context.Report(current));
        if (planned.Count == 0)
            return new RunResult(false, [], clock.ElapsedMilliseconds, context.Report(current));

        await CheckFirstOperationsAsync(planned, cancellationToken).ConfigureAwait(false);

        await using var session = await MigrationSession.OpenAsync(context, files, options.Progress, options.DeferBackfills, cancellationToken).ConfigureAwait(false);
        var targets = SelectTargets(session.Plan, options);
        await CheckBackfillsAsync(session, targets, cancellationToken).ConfigureAwait(false);
        var runs = new List<MigrationRun>();
        foreach (var target in targets)
        {
            var run = await session.ApplyAsync(target, runs.Count + 1, targets.Count, cancellationToken).ConfigureAwait(false);
            runs.Add(run);
            // Later migrations may depend on the finished data: they wait for the deferred backfill too.
            if (run.DeferredBackfill is not null)
                break;
        }
        await session.RecordSchemaAsync("the migrations were applied", cancellationToken).ConfigureAwait(false);
        var after = await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false);
        return new RunResult(false, runs, clock.ElapsedMilliseconds, context.Report(after));
    }

    /// <summary>
    /// Bad input in the operations of the first migration to run — a table or column that is not there, a name that is
    /// taken, an operation the engine refuses — is reported before anything is written (on a first run not even Cutover's
    /// own tables are created), against the live schema read on a reading connection. Later migrations are checked when
    /// they run: one before them may create what they name.
    /// </summary>
    private async Task CheckFirstOperationsAsync(IReadOnlyList<PlannedMigration> planned, CancellationToken cancellationToken)
    {
        if (planned[0].File is not { } file || !file.Steps.Any(s => s.Kind == StepKind.Operation))
            return;
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var model = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
        Operations.OperationExpansion.Generate(file, context.Provider, model, context.Options.Schemas);
    }

    /// <summary>
    /// Bad input in a backfill step that can be seen before anything runs — a C# backfill nobody registered, a table
    /// that exists already but has no usable key, a table that does not exist and that no step before it even names —
    /// is reported before the first migration writes anything. A table an earlier step creates can only be checked
    /// when its backfill step is reached.
    /// </summary>
    private async Task CheckBackfillsAsync(MigrationSession session, IReadOnlyList<PlannedMigration> targets, CancellationToken cancellationToken)
    {
        if (!targets.Any(t => t.File!.UpSteps.Any(s => s.Kind == StepKind.Backfill)))
            return;
        var model = await session.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var runner = context.NewBackfillRunner();
        // The SQL of every step that runs before each backfill, in the order of the run.
        var earlier = new System.Text.StringBuilder();
        foreach (var target in targets)
            foreach (var step in target.File!.UpSteps)
            {
                if (step.Kind == StepKind.Backfill)
                    runner.Check(model, target.File, step, earlier.ToString());
                earlier.Append(step.Sql).Append('\n');
            }
    }

    /// <summary>
    /// What each migration would run. Operations are expanded against the live schema, exactly as a run would (one whose
    /// table an earlier migration of the run creates is shown as declared: it is expanded when it runs).
    /// </summary>
    private async Task<List<MigrationRun>> DryRunAsync(IReadOnlyList<PlannedMigration> planned, CancellationToken cancellationToken)
    {
        var runs = new List<MigrationRun>();
        Schema.SchemaModel? model = null;
        foreach (var target in planned)
        {
            var file = target.File!;
            OperationPhaseSteps? phases = null;
            if (file.Steps.Any(s => s.Kind == StepKind.Operation))
            {
                if (model is null)
                {
                    await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
                    model = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
                }
                try
                {
                    var expanded = Operations.OperationExpansion.Generate(file, context.Provider, model, context.Options.Schemas);
                    file = expanded.File;
                    phases = new OperationPhaseSteps(
                        PlannedSteps.Of(Operations.OperationExpansion.CompleteSteps(file.Id, file.Name, expanded.Record, context.Provider).UpSteps),
                        PlannedSteps.Of(file.DownSteps));
                }
                catch (InvalidFileException) when (runs.Count > 0)
                {
                    // Its table may be made by a migration before it in this run: it is expanded (and checked) when it runs.
                }
            }
            else if (target.Operation is not null)
            {
                phases = new OperationPhaseSteps(
                    PlannedSteps.Of(Operations.OperationExpansion.CompleteSteps(file.Id, file.Name, target.Operation, context.Provider).UpSteps), PlannedSteps.Of(file.DownSteps));
            }
            runs.Add(new MigrationRun(target.Id, target.Name, Direction.Up, 0, PlannedSteps.Of(file.UpSteps)) { Phases = phases });
        }
        return runs;
    }

    /// <summary>What <c>up</c> would run, or why it must not run at all.</summary>
    private static List<PlannedMigration> SelectTargets(IReadOnlyList<PlannedMigration> plan, UpOptions options)
    {
        foreach (var m in plan)
        {
            // Checked first: the row of an unfinished complete counts complete steps, not the apply's.
            if (m.CompleteUnfinished)
                throw m.CompleteUnfinishedError("apply it");
            switch (m.State)
            {
                case MigrationState.Failed:
                    throw new MigrationStateException(m.Id, MigrationConflict.Failed, $"{m.Where}: migration {m.Id} failed: {m.Record!.Error}");
                case MigrationState.Interrupted when m.Record!.IsRollingBack:
                    throw new MigrationStateException(m.Id, MigrationConflict.RollbackUnfinished, $"{m.Where}: the rollback of {m.Id} did not finish");
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
}
