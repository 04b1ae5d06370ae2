using System.Data.Common;
using System.Diagnostics;
using Cutover.Backfill;
using Cutover.Files;
using Cutover.History;

namespace Cutover.Running;

/// <summary>
/// Runs one migration's steps in one direction on a connection that holds the migration lock, recording
/// progress so that a crash at any moment leaves a precise, resumable state:
/// a transactional step commits together with its history row; a no-transaction step records each
/// statement as it completes.
/// </summary>
internal sealed class MigrationRunner(
    IDatabaseProvider provider, StepExecutor executor, BackfillRunner backfills, AuditLog audit, HistoryRecord template, ConnectionLossReport connectionLoss)
{
    /// <summary>
    /// Applies <paramref name="file"/>, resuming after the steps <paramref name="resume"/> records as done. A
    /// backfill step runs to its end here, unless <paramref name="deferBackfills"/>: then it is registered for a
    /// background runner and the apply stops before it.
    /// </summary>
    public async Task<StepsOutcome> ApplyAsync(
        DbConnection connection, MigrationFile file, HistoryRecord? resume, bool deferBackfills, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var start = template with
        {
            Id = file.Id, Name = file.Name, Checksum = file.Checksum, DownScript = MigrationFileParser.DownScript(file),
            State = HistoryStates.Running, Operation = HistoryStates.Up,
            StepsDone = resume?.StepsDone ?? 0, StatementsDone = resume?.StatementsDone ?? 0,
            DurationMs = resume?.DurationMs ?? 0, AppliedAt = DateTime.UtcNow,
        };
        return await RunAsync(connection, file, start, file.UpSteps.ToList(), rowExists: resume is not null, deleteWhenDone: false, (deferBackfills, progress), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back the migration recorded in <paramref name="row"/> with the down steps of <paramref name="downs"/>.</summary>
    public async Task<StepsOutcome> RollBackAsync(DbConnection connection, HistoryRecord row, MigrationFile downs, CancellationToken cancellationToken)
    {
        var resuming = row.IsRollingBack;
        var start = row with
        {
            State = HistoryStates.Running, Operation = HistoryStates.Down, Error = null,
            StepsDone = resuming ? row.StepsDone : 0, StatementsDone = resuming ? row.StatementsDone : 0,
            DurationMs = resuming ? row.DurationMs : 0,
        };
        return await RunAsync(connection, downs, start, downs.DownSteps.ToList(), rowExists: true, deleteWhenDone: true, (false, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the complete phase (<paramref name="complete"/>'s up steps) of the operations of the migration recorded in
    /// <paramref name="row"/>, resuming where an interrupted complete stopped. From its start the row's down script is
    /// <paramref name="downScript"/> (what can undo a completed migration); the last step commits <paramref name="onDone"/>
    /// with the row marked applied.
    /// </summary>
    public async Task<StepsOutcome> CompleteAsync(
        DbConnection connection, HistoryRecord row, MigrationFile complete, string downScript, IReadOnlyList<SqlCommandText> onDone, CancellationToken cancellationToken)
    {
        var resuming = row.IsCompleting && row.State != HistoryStates.Applied;
        var start = row with
        {
            State = HistoryStates.Running, Operation = HistoryStates.Complete, Error = null, DownScript = downScript,
            StepsDone = resuming ? row.StepsDone : 0, StatementsDone = resuming ? row.StatementsDone : 0,
            DurationMs = resuming ? row.DurationMs : 0,
        };
        return await RunAsync(connection, complete, start, complete.UpSteps.ToList(), rowExists: true, deleteWhenDone: false, (false, null), cancellationToken, onDone).ConfigureAwait(false);
    }

    /// <summary>
    /// The step loop shared by both directions. The last step of an apply marks the history row applied;
    /// the last step of a rollback (<paramref name="deleteWhenDone"/>) deletes it.
    /// </summary>
    private async Task<StepsOutcome> RunAsync(
        DbConnection connection, MigrationFile file, HistoryRecord row, IReadOnlyList<MigrationStep> steps,
        bool rowExists, bool deleteWhenDone, (bool Defer, IProgress<RunEvent>? Progress) backfill, CancellationToken cancellationToken,
        IReadOnlyList<SqlCommandText>? onDone = null)
    {
        var path = file.Path;
        var clock = Stopwatch.StartNew();
        var earlier = row.DurationMs;
        var rows = 0L;
        var action = row.Operation;
        await provider.BeforeMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var k = row.StepsDone; k < steps.Count; k++)
            {
                var step = steps[k];
                using var span = new Telemetry.StepSpan(file.Id, action, k + 1, step.Kind.Directive());
                var last = k == steps.Count - 1;
                var done = row with { StepsDone = k + 1, StatementsDone = 0, State = last ? HistoryStates.Applied : HistoryStates.Running };

                // The step's record (and, at the end, the audit entry) in one round trip inside its transaction.
                async Task RecordStepAsync(DbTransaction? tx)
                {
                    row = done with { DurationMs = earlier + clock.ElapsedMilliseconds };
                    var record = last && deleteWhenDone ? HistoryTable.Delete(row.Id) : rowExists ? HistoryTable.Update(row) : HistoryTable.Insert(row);
                    var batch = last ? [record, audit.Entry(action, row.Id, "ok", row.DurationMs, null)] : new[] { record };
                    if (last && deleteWhenDone)
                        batch = [.. batch, CheckpointTable.DeleteForMigration(row.Id), Operations.OperationTable.Delete(row.Id)];
                    if (last && onDone is not null)
                        batch = [.. batch, .. onDone];
                    await DbCommands.ExecuteBatchAsync(connection, tx, batch, cancellationToken).ConfigureAwait(false);
                    rowExists = true;
                }

                try
                {
                    if (step.Kind.IsTransactional())
                    {
                        rows += await executor.RunTransactionalAsync(connection, step, RecordStepAsync, cancellationToken).ConfigureAwait(false);
                        span.Succeeded();
                        continue;
                    }

                    // Record that the step started before its first statement runs, so a crash inside it is visible.
                    var started = rowExists ? HistoryTable.Update(row) : HistoryTable.Insert(row);
                    await DbCommands.ExecuteBatchAsync(connection, null, [started], cancellationToken).ConfigureAwait(false);
                    rowExists = true;
                    if (step.Kind == StepKind.Backfill)
                    {
                        var (deferred, changed) = await RunBackfillStepAsync(connection, file, k + 1, step, backfill.Defer, backfill.Progress, cancellationToken).ConfigureAwait(false);
                        rows += changed;
                        if (deferred is not null)
                        {
                            row = row with { State = HistoryStates.Backfilling, DurationMs = earlier + clock.ElapsedMilliseconds };
                            await DbCommands.ExecuteBatchAsync(connection, null, [HistoryTable.Update(row)], cancellationToken).ConfigureAwait(false);
                            span.Succeeded();
                            return new StepsOutcome(row.DurationMs, rows, deferred);
                        }
                    }
                    else
                    {
                        for (var i = row.StatementsDone; i < step.Statements.Count; i++)
                        {
                            rows += await executor.RunAloneAsync(connection, i, step.Statements[i], cancellationToken).ConfigureAwait(false);
                            row = row with { StatementsDone = i + 1, DurationMs = earlier + clock.ElapsedMilliseconds };
                            if (i + 1 < step.Statements.Count)
                                await DbCommands.ExecuteBatchAsync(connection, null, [HistoryTable.Update(row)], cancellationToken).ConfigureAwait(false);
                        }
                    }
                    await using var close = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await RecordStepAsync(close).ConfigureAwait(false);
                    await close.CommitAsync(cancellationToken).ConfigureAwait(false);
                    span.Succeeded();
                }
                catch (Exception e) when (e is not OperationCanceledException && LostCause(connection, e) is { } cause)
                {
                    // The session is gone: nothing can be recorded on it, and its error ("connection is not open" on the next
                    // command) would hide why. The history keeps the migration where it stood, so a rerun resumes it.
                    var where = e is StatementFailure failure ? $"{path}:{failure.Statement.Line}" : $"{path}:{step.Line}";
                    throw await connectionLoss.ReportAsync(file.Id, action, $"{where}: step {k + 1} of {file.Id}", cause, earlier + clock.ElapsedMilliseconds, e)
                        .ConfigureAwait(false);
                }
                catch (StatementFailure failure)
                {
                    var message = $"{path}:{failure.Statement.Line}: {OneLine(failure.Message)}";
                    var partial = !step.Kind.IsTransactional();
                    await RecordFailureAsync(row, k, step, $"statement {failure.Index + 1}: {message}", partial ? failure.Index : 0, clock).ConfigureAwait(false);
                    throw new MigrationFailedException(file.Id, path, failure.Statement.Line, action, k + 1, failure.Index + 1, !partial, OneLine(failure.Message), failure.InnerException);
                }
                catch (CommitRefusedException failure)
                {
                    // A check before commit refused the step (SQLite foreign_key_check): nothing of it was applied.
                    await RecordFailureAsync(row, k, step, $"{path}:{step.Line}: {failure.Message}", 0, clock).ConfigureAwait(false);
                    throw new MigrationFailedException(file.Id, path, step.Line, action, k + 1, 1, true, failure.Message, failure);
                }
            }
            return new StepsOutcome(earlier + clock.ElapsedMilliseconds, rows);
        }
        finally
        {
            // A killed connection has nothing left to restore; do not hide the original error behind a second one.
            if (connection.State == System.Data.ConnectionState.Open)
                await provider.AfterMigrationAsync(connection, CancellationToken.None).ConfigureAwait(false);
        }

        async Task RecordFailureAsync(HistoryRecord at, int k, MigrationStep step, string where, int statementsDone, Stopwatch clock)
        {
            var failed = at with
            {
                State = HistoryStates.Failed,
                StatementsDone = statementsDone,
                Error = $"step {k + 1} ({step.Kind.Directive()}), {where}",
                DurationMs = earlier + clock.ElapsedMilliseconds,
            };
            await HistoryTable.UpsertAsync(connection, null, failed, CancellationToken.None).ConfigureAwait(false);
            await audit.AppendAsync(connection, null, action, at.Id, "failed", failed.DurationMs, failed.Error, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Registers the backfill of up step <paramref name="number"/> and, unless <paramref name="defer"/>, runs it to its
    /// end. Returns the backfill's id when it was left to a background runner, and the rows this run changed.
    /// </summary>
    private async Task<(string? Deferred, long RowsChanged)> RunBackfillStepAsync(
        DbConnection connection, MigrationFile file, int number, MigrationStep step, bool defer, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        BackfillStatus state;
        try
        {
            state = await backfills.RegisterAsync(connection, file, number, step, defer ? BackfillStates.Queued : BackfillStates.Running, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidInputException e)
        {
            // Only a table created by an earlier step gets here (the rest is checked before anything runs): those steps
            // are applied, so this is no longer input that wrote nothing. The migration waits at this step.
            throw new BackfillException(Backfill.BackfillRunner.IdOf(file.Id, number), BackfillProblem.NotRunnable, e.Message, e.Remedy, e);
        }
        if (state.State == BackfillStates.Done)
            return (null, 0);
        if (defer)
            return (state.Id, 0);
        var before = state.RowsChanged;
        state = await backfills.RunAsync(connection, state.Id, waitWhilePaused: true, progress, cancellationToken).ConfigureAwait(false);
        if (state.State == BackfillStates.Cancelled)
            throw new BackfillException(state.Id, BackfillProblem.Cancelled,
                $"{file.Path}:{step.Line}: backfill {state.Id} was cancelled after {state.RowsDone} row(s), at {state.PositionText ?? "the start"}");
        return (null, state.RowsChanged - before);
    }

    /// <summary>Why the connection is gone, when <paramref name="error"/> means it is.</summary>
    private string? LostCause(DbConnection connection, Exception error) =>
        provider.ConnectionLostCause(connection, error)
        ?? (connection.State is System.Data.ConnectionState.Closed or System.Data.ConnectionState.Broken
            ? $"the connection closed ({OneLine(error.Message)})"
            : null);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>What running a migration's steps took: its duration (including earlier attempts it resumed), the rows its statements changed, and the backfill it stopped at, when it deferred one.</summary>
internal readonly record struct StepsOutcome(long DurationMs, long RowsChanged, string? DeferredBackfill = null);
