using System.Diagnostics;
using Cutover.Backfill;
using Cutover.Files;
using Cutover.History;
using Cutover.Operations;
using Cutover.Running;
using static Cutover.History.DbCommands;

namespace Cutover.Workflows;

/// <summary>
/// The phases of a migration's declared operations after expand: verify (compare both shapes on the live database),
/// complete (contract) and abort (remove the new shape); and the shape statements an application of the new version runs.
/// </summary>
internal sealed class OperationWorkflow(MigratorContext context)
{
    public async Task<RunResult> CompleteAsync(string id, CompleteOptions options, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "id");
        if (options.Force && string.IsNullOrWhiteSpace(options.Reason))
            throw new InvalidOptionException(nameof(CompleteOptions.Reason), options.Reason ?? "", "a forced complete needs a reason, which the audit log keeps");
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        RequireCompletable(Find(await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false), id), options);

        await using var session = await MigrationSession.OpenAsync(context, files, options.Progress, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        var target = Find(session.Plan, id);
        RequireCompletable(target, options);
        var backfills = (await CheckpointTable.ReadAllAsync(session.Connection, cancellationToken).ConfigureAwait(false)).Where(b => b.MigrationId == id).ToList();
        if (!options.Force)
        {
            RequireVerified(target, backfills);
            RequireSoaked(target, await RolloutOfAsync(session, id, cancellationToken).ConfigureAwait(false), context.Options.RolloutSoak);
        }
        foreach (var guard in target.Operation!.Phases.CompleteGuards ?? [])
            if (await OperationGuards.FindAsync(session.Connection, guard, cancellationToken).ConfigureAwait(false) is { } found)
                throw new MigrationStateException(id, MigrationConflict.OperationPhase, $"{target.Where}: not completed: {found}", guard.Remedy);
        var now = DateTime.UtcNow;
        // The old shape is gone: there is nothing left to roll out between.
        List<SqlCommandText> onDone = [OperationTable.Completed(id, now, now + context.Options.ArchiveRetention), Rollouts.RolloutTable.Delete(id)];
        if (options.Force)
            // In the batch of the runner's own "complete ... ok" entry: parameters of its own.
            onDone.Add(context.Audit.Entry("complete", id, "forced", null, options.Reason, prefix: "forced"));
        var run = await session.CompleteAsync(target, onDone, cancellationToken).ConfigureAwait(false);
        await session.RecordSchemaAsync("the operations were completed", cancellationToken).ConfigureAwait(false);
        return new RunResult(false, [run], clock.ElapsedMilliseconds, context.Report(await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false)));
    }

    public async Task<RunResult> AbortAsync(string id, AbortOptions options, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "id");
        if (options.Force && string.IsNullOrWhiteSpace(options.Reason))
            throw new InvalidOptionException(nameof(AbortOptions.Reason), options.Reason ?? "", "a forced abort needs a reason, which the audit log keeps");
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        RequireAbortable(Find(await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false), id));

        await using var session = await MigrationSession.OpenAsync(context, files, options.Progress, deferBackfills: false, cancellationToken).ConfigureAwait(false);
        var target = Find(session.Plan, id);
        RequireAbortable(target);
        // Users still on the new shape would lose it under them: the rollout goes back to 0 first (or the abort is forced).
        if (await RolloutOfAsync(session, id, cancellationToken).ConfigureAwait(false) is { } rollout && (rollout.Percent > 0 || rollout.Users.Count > 0 || rollout.Groups.Any(g => g.Percent > 0)))
        {
            if (!options.Force)
                throw new MigrationStateException(id, MigrationConflict.RolloutNotDone,
                    $"{target.Where}: not aborted: its rollout still sends users to the new shape ({rollout.Percent}%{(rollout.Users.Count > 0 ? $", {rollout.Users.Count} user(s)" : "")}{(rollout.Groups.Count > 0 ? $", {rollout.Groups.Count} group(s)" : "")})",
                    "set the rollout back to 0 (no percentage, users or groups) and let the application pick it up, or force the abort with a reason");
            await context.Audit.AppendAsync(session.Connection, null, "abort", id, "forced", null, options.Reason, cancellationToken).ConfigureAwait(false);
        }
        var runs = new List<MigrationRun>();
        if (target.Record is { IsRollingBack: true } or { StepsDone: > 0 } or { StatementsDone: > 0 })
            runs.Add(await session.RollBackAsync(target, 1, 1, cancellationToken).ConfigureAwait(false));
        else
            // The plan was stored but no step committed (killed before its first one, or that step failed and rolled
            // back): nothing to undo but the plan and the row. The abort steps would fail on objects that were never made.
            await ExecuteBatchAsync(session.Connection, null, [
                .. target.Record is null ? Array.Empty<SqlCommandText>() : [HistoryTable.Delete(id), CheckpointTable.DeleteForMigration(id)],
                OperationTable.Delete(id), context.Audit.Entry("down", id, "ok", 0, "aborted before its first step committed")], cancellationToken).ConfigureAwait(false);
        // The new shape is gone: so is its rollout.
        await ExecuteBatchAsync(session.Connection, null, [Rollouts.RolloutTable.Delete(id)], cancellationToken).ConfigureAwait(false);
        await session.RecordSchemaAsync("the operations were aborted", cancellationToken).ConfigureAwait(false);
        return new RunResult(false, runs, clock.ElapsedMilliseconds, context.Report(await session.ReadPlanAsync(cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>
    /// Walks every check over its table's key in batches on the live database and counts the rows whose shapes disagree;
    /// with <see cref="VerifyOptions.Repair"/> re-derives them, batch by batch. Stores the result, which complete requires.
    /// </summary>
    public async Task<OperationVerification> VerifyAsync(string id, VerifyOptions options, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "id");
        var clock = Stopwatch.StartNew();
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var target = Find(await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false), id);
        if (target.Phase is not ("expanded" or "expanding"))
            throw new MigrationStateException(id, MigrationConflict.OperationPhase, $"{target.Where}: its operations are {target.Phase ?? "not started"}: only an expanded migration can be verified",
                target.Phase is null ? "apply it first" : null);

        await using var connection = await context.OpenAsync(forReading: !options.Repair, cancellationToken).ConfigureAwait(false);
        var model = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
        long rows = 0, mismatches = 0, repaired = 0;
        var samples = new List<string>();
        foreach (var check in target.Operation!.Phases.Checks)
        {
            var key = BackfillKey.Resolve(model, context.Options.Schemas, new BackfillSpec(check.Table, null, null, null, null), new FileLine($"{HistorySchema.OperationTable}:{id}", 0));
            var table = Identifier.Sql(key.Table);
            var sql = new KeyRangeSql(table, key.Columns);
            IReadOnlyList<object> from = [];
            var first = true;
            while (await BackfillRunner.NextBoundAsync(connection, null, sql, first, from, options.BatchSize, cancellationToken).ConfigureAwait(false) is { } bound)
            {
                var range = sql.Predicate(first, null);
                object?[] bind = [.. sql.Bind("lo", first ? [] : from), .. sql.Bind("hi", bound.To)];
                var parameters = bind.Cast<(string, object?)>().ToArray();
                await using (var command = Create(connection, null,
                    $"SELECT {string.Join(" || ',' || ", key.Columns.Select(k => $"CAST({k} AS TEXT)"))} FROM {table} WHERE {check.Mismatch} AND {range} ORDER BY {string.Join(", ", key.Columns)}", parameters))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        mismatches++;
                        if (samples.Count < options.SampleSize)
                            samples.Add($"{key.Table} {reader.GetString(0)}");
                    }
                }
                if (options.Repair)
                    repaired += Math.Max(0, await ExecuteAsync(connection, null, BackfillStatement.Substitute(check.Repair, context.Provider.Dialect, _ => range), cancellationToken, parameters).ConfigureAwait(false));
                rows += bound.Keys;
                from = bound.To;
                first = false;
                if (options.Pause > TimeSpan.Zero)
                    await Task.Delay(options.Pause, cancellationToken).ConfigureAwait(false);
            }
        }
        var result = new OperationVerification(id, rows, mismatches, repaired, samples, DateTime.UtcNow, clock.ElapsedMilliseconds);
        if (!options.Repair)
        {
            // Recording the result is the one write of a plain verification; it needs the writable connection.
            await using var writer = await context.OpenAsync(forReading: false, cancellationToken).ConfigureAwait(false);
            await ExecuteBatchAsync(writer, null, [OperationTable.Verified(id, result.At, rows, mismatches, samples.Count > 0 ? string.Join("; ", samples) : null),
                context.Audit.Entry("verify", id, mismatches == 0 ? "clean" : "mismatches", result.ElapsedMs, $"{rows} row(s) compared, {mismatches} mismatching")], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A repair is recorded as a verification only when it left nothing to fix: verify again to prove it.
            await ExecuteBatchAsync(connection, null, [context.Audit.Entry("verify", id, "repaired", result.ElapsedMs, $"{rows} row(s) compared, {mismatches} mismatching, {repaired} re-derived")], cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>The statements that give a connection the shape of the new version of every migration up to <paramref name="upTo"/> still in its window.</summary>
    public async Task<IReadOnlyList<string>> ShapeAsync(string? upTo, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        return Shape(history, await OperationTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false), upTo);
    }

    /// <summary>The shape statements of the operations still in their window, up to <paramref name="upTo"/>.</summary>
    public static IReadOnlyList<string> Shape(IReadOnlyList<HistoryRecord> history, IReadOnlyList<OperationRecord> operations, string? upTo)
    {
        var live = history.Where(IsLive).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return operations
            .Where(o => live.Contains(o.MigrationId) && (upTo is null || string.CompareOrdinal(o.MigrationId, upTo) <= 0))
            .SelectMany(o => o.Phases.Shape).Distinct().ToList();
    }

    /// <summary>Applied and not being completed: its operations, if any, have both shapes live.</summary>
    public static bool IsLive(HistoryRecord row) => row.State == HistoryStates.Applied && !row.IsCompleting;

    private static PlannedMigration Find(IReadOnlyList<PlannedMigration> plan, string id) =>
        plan.FirstOrDefault(m => m.Id == id) ?? throw new InvalidOptionException("id", id, "no migration has this id", "run status to see the migrations");

    private static void RequireCompletable(PlannedMigration target, CompleteOptions options)
    {
        if (target.Phase is "expanded" or "completing")
            return;
        throw new MigrationStateException(target.Id, MigrationConflict.OperationPhase, target.Phase switch
        {
            null when target.File?.HasOperations != true && target.Operation is null => $"{target.Where}: declares no operations: there is nothing to complete",
            null => $"{target.Where}: its operations have not been applied yet",
            "completed" => $"{target.Where}: its operations are completed already",
            _ => $"{target.Where}: its operations are {target.Phase}; complete needs them expanded (the backfill finished)",
        }, target.Phase is "expanding" ? "let its backfill finish (see the backfill's status), then complete it" : null);
    }

    private static void RequireAbortable(PlannedMigration target)
    {
        if (target.Phase is "expanding" or "expanded" or "aborting")
            return;
        throw new MigrationStateException(target.Id, MigrationConflict.OperationPhase, target.Phase switch
        {
            null => $"{target.Where}: has no operations in flight to abort",
            "completed" => $"{target.Where}: its operations are completed: the old shape is gone, so there is nothing to abort to",
            _ => $"{target.Where}: its operations are {target.Phase}; finish that first",
        });
    }

    private static async Task<Rollouts.RolloutState?> RolloutOfAsync(MigrationSession session, string id, CancellationToken cancellationToken) =>
        (await Rollouts.RolloutTable.ReadAllAsync(session.Connection, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.MigrationId == id);

    /// <summary>A rolled-out migration completes once every user has been on the new shape for the soak period; one without a rollout is not held.</summary>
    private static void RequireSoaked(PlannedMigration target, Rollouts.RolloutState? rollout, TimeSpan soak)
    {
        if (rollout is null || target.Phase == "completing")
            return;
        var problem = rollout.FullSince is not { } since ? $"its rollout is at {rollout.Percent}%, not 100%"
            : DateTime.UtcNow - since < soak ? $"its rollout has been at 100% since {since:u}, less than the soak of {soak.TotalMinutes:0.#} minute(s)"
            : null;
        if (problem is not null)
            throw new MigrationStateException(target.Id, MigrationConflict.RolloutNotDone, $"{target.Where}: not completed: {problem}",
                "roll it out to 100% and let it soak for the soak period, or force the complete with a reason");
    }

    /// <summary>Complete needs a clean verification newer than the last backfill batch: otherwise rows the backfill changed since were never compared.</summary>
    private static void RequireVerified(PlannedMigration target, IReadOnlyList<BackfillStatus> backfills)
    {
        var op = target.Operation!;
        if (target.Phase == "completing" || op.Phases.Checks.Count == 0)
            return;
        var lastBatch = backfills.Select(b => (DateTime?)b.UpdatedAt).DefaultIfEmpty().Max();
        var problem = op.VerifiedAt is null ? "its operations were never verified"
            : op.VerifyMismatches > 0 ? $"the last verification ({op.VerifiedAt:u}) found {op.VerifyMismatches} mismatching row(s)"
            : lastBatch > op.VerifiedAt ? $"the last verification ({op.VerifiedAt:u}) is older than the last backfill batch ({lastBatch:u})"
            : null;
        if (problem is not null)
            throw new MigrationStateException(target.Id, MigrationConflict.NotVerified, $"{target.Where}: not completed: {problem}",
                "verify it (and repair what it finds), or force the complete with a reason");
    }
}
