using System.Data.Common;
using System.Diagnostics;
using Cutover.Files;
using Cutover.History;
using Cutover.Schema;
using Microsoft.Extensions.Logging;
using static Cutover.History.DbCommands;

namespace Cutover.Backfill;

/// <summary>
/// Runs a backfill step in keyset batches. Each batch is one transaction that claims the checkpoint row,
/// finds the batch's upper key, runs the statement on that key range and writes the new position: a kill at
/// any moment loses or repeats nothing, and any runner, on any machine, continues from the checkpoint.
/// </summary>
internal sealed partial class BackfillRunner(
    IDatabaseProvider provider, BackfillOptions options, IReadOnlyList<CodeBackfill> codes, IReadOnlyList<string> schemas, AuditLog audit, ILogger logger,
    Func<CancellationToken, Task<DbConnection>> open)
{
    private static readonly TimeSpan PausedPoll = TimeSpan.FromSeconds(1);
    private readonly LockRetry _retry = new(options.LockRetry, e => e is DbException && provider.IsLockTimeout(e));

    /// <summary>The configured durations, else the engine's.</summary>
    private BackfillPacing Pacing => new(
        options.TargetBatchDuration ?? provider.Semantics.BackfillBatchDuration,
        options.Pause ?? provider.Semantics.BackfillPause,
        provider is IBackfillWriterProbe ? options.YieldBatchDuration ?? provider.Semantics.BackfillYieldBatchDuration : null,
        options.YieldPause ?? provider.Semantics.BackfillYieldPause,
        options.YieldHold);

    /// <summary>The id of the backfill of up step <paramref name="step"/> (1-based) of a migration.</summary>
    public static string IdOf(string migrationId, int step) => $"{migrationId}/{step}";

    /// <summary>
    /// The checkpoint of a backfill step, created (with its key chosen and the table's size estimated) the first
    /// time the step is reached. Bad input, writing nothing, when the table has no usable key or the code
    /// backfill is not registered.
    /// </summary>
    public async Task<BackfillStatus> RegisterAsync(DbConnection connection, MigrationFile file, int step, MigrationStep backfill, string state, CancellationToken cancellationToken)
    {
        var id = IdOf(file.Id, step);
        if (await CheckpointTable.ReadAsync(connection, null, id, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;

        var spec = backfill.Backfill!;
        var where = new FileLine(file.Path, backfill.Line);
        if (spec.Code is not null)
            Code(spec.Code, where);
        var model = await provider.ReadSchemaAsync(connection, schemas, cancellationToken).ConfigureAwait(false);
        var key = BackfillKey.Resolve(model, schemas, spec, where);
        // From here on the table is the one the catalog resolved, quoted wherever SQL is built from it: the directive's
        // text (`order`, `user`, or a name holding a semicolon) never reaches a statement.
        var (total, method) = await provider.EstimateRowsAsync(connection, Identifier.Sql(key.Table), cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var status = new BackfillStatus(id, file.Id, step, key.Table, where.ToString(), key.Columns, key.Description,
            spec.Code is null ? backfill.Statements[0].Text : null, spec.Code, spec.BatchSize, spec.PauseMs,
            new BatchPacer(options, Pacing, spec.BatchSize).First, null, 0, 0, 0, total, method, state, null, now, now, 0, 0);
        await ExecuteBatchAsync(connection, null,
            [CheckpointTable.Insert(status), audit.Entry("backfill", file.Id, "started", null, $"{id}: {key.Table} by {key.Description}, about {total} rows ({method})")],
            cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.BackfillRegistered(logger, id, key.Table, key.Description, total);
        return status;
    }

    /// <summary>
    /// Bad input (naming the file and line) when the step names a C# backfill that is not registered, or its table
    /// exists in <paramref name="model"/> without a usable key, or does not exist and no step before it
    /// (<paramref name="earlierSql"/>) names it, so nothing could create it. A table an earlier step may create is left
    /// to <see cref="RegisterAsync"/>.
    /// </summary>
    public void Check(SchemaModel model, MigrationFile file, MigrationStep backfill, string earlierSql)
    {
        var spec = backfill.Backfill!;
        var where = new FileLine(file.Path, backfill.Line);
        if (spec.Code is not null)
            Code(spec.Code, where);
        if (BackfillKey.Exists(model, schemas, spec.Table))
            BackfillKey.Resolve(model, schemas, spec, where);
        else if (!BackfillKey.MayBeCreatedBy(spec.Table, earlierSql))
            BackfillKey.Resolve(model, schemas, spec, where);
    }

    /// <summary>
    /// Runs batches until the backfill is done, or until it is cancelled — or paused, unless
    /// <paramref name="waitWhilePaused"/>, in which case it waits for a resume. Returns the final checkpoint. With
    /// <see cref="BackfillOptions.Workers"/> above 1 on an engine that can cut keys into ranges, or when the backfill already
    /// has ranges, its ranges are walked side by side (<see cref="RunRangesAsync"/>).
    /// </summary>
    /// <exception cref="BackfillException">A batch failed (its key range is named; the checkpoint says failed and a rerun retries it).</exception>
    public async Task<BackfillStatus> RunAsync(DbConnection connection, string id, bool waitWhilePaused, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var status = await CheckpointTable.ReadAsync(connection, null, id, cancellationToken).ConfigureAwait(false)
                     ?? throw new BackfillException(id, BackfillProblem.NotFound, $"backfill {id} does not exist");
        if (status.Ranges.Count > 0 || await SplitAsync(connection, status, cancellationToken).ConfigureAwait(false))
            return await RunRangesAsync(connection, id, waitWhilePaused, progress, cancellationToken).ConfigureAwait(false);
        var walked = await WalkAsync(connection, status, null, waitWhilePaused, progress, s => s, cancellationToken).ConfigureAwait(false);
        // Another runner cut the backfill into ranges between two of this runner's batches: go on in them.
        return walked.Split ? await RunRangesAsync(connection, id, waitWhilePaused, progress, cancellationToken).ConfigureAwait(false) : walked.Status;
    }

    /// <summary>
    /// Batches over the whole table (<paramref name="range"/> null) or over one range, until it is done, cancelled or paused
    /// (unless <paramref name="waitWhilePaused"/>). Split is true when another runner cut the backfill into ranges meanwhile.
    /// </summary>
    private async Task<(BackfillStatus Status, bool Split)> WalkAsync(
        DbConnection connection, BackfillStatus start, BackfillRange? range, bool waitWhilePaused, IProgress<RunEvent>? progress,
        Func<BackfillStatus, BackfillStatus> shown, CancellationToken cancellationToken)
    {
        var id = start.Id;
        // Pressure is looked at before the first batch, then at most once per ThrottleWait.
        Stopwatch? throttleChecked = null;
        string? throttled = null;
        var logged = range is null ? start : RangeView(start, range);
        var loggedAt = Stopwatch.StartNew();
        // Everything between two batches' writes of the elapsed time — the earlier one's commit, the pacer, pauses, throttled
        // waits — counts toward the backfill's elapsed time, so its rate and ETA are what a person waits. A pause by a person
        // (waiting to be resumed) does not.
        var outside = Stopwatch.StartNew();
        var afterWrite = TimeSpan.Zero;
        var pacing = Pacing;
        var pacer = new BatchPacer(options, pacing, logged.FixedBatch);
        var writers = provider as IBackfillWriterProbe;
        long? othersMark = null;
        var wal = new WalWatch(provider as IBackfillWalProbe, Named(id, range), logger);
        await wal.StartAsync(connection, cancellationToken).ConfigureAwait(false);
        int? nextSize = null;
        var sinceBatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (provider is IBackfillPressureProbe probe && (throttleChecked is null || throttled is not null || throttleChecked.Elapsed >= options.ThrottleWait))
            {
                var reason = await probe.PressureAsync(connection, new PressureLimits(options.MaxActiveSessions, options.MaxReplicationLag), cancellationToken).ConfigureAwait(false);
                throttleChecked = Stopwatch.StartNew();
                if (reason is not null && throttled is null)
                    await audit.AppendAsync(connection, null, "backfill", logged.MigrationId, "throttled", null, $"{Named(id, range)}: {reason}", cancellationToken).ConfigureAwait(false);
                throttled = reason;
                if (reason is not null)
                {
                    Logging.CutoverLog.BackfillThrottled(logger, Named(id, range), reason);
                    progress?.Report(new BackfillWaiting(shown(logged), "throttled: " + reason));
                    await Task.Delay(options.ThrottleWait, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            // Read before the batch: a change since the last one is another connection's commit in between.
            var mark = writers is null ? (long?)null : await writers.OthersWriteMarkAsync(connection, cancellationToken).ConfigureAwait(false);
            var othersWrote = othersMark is not null && mark != othersMark;
            othersMark = mark;
            var batch = await RunBatchAsync(connection, id, range?.Worker, afterWrite + outside.Elapsed, nextSize, cancellationToken).ConfigureAwait(false);
            (outside, afterWrite) = (Stopwatch.StartNew(), batch.AfterWrite);
            if (batch.Split)
                return (batch.Status, true);
            var status = batch.Status;
            // Only the runner whose transaction ran the batch (or found the end) logs it: two runners on one backfill log it once.
            // A range's end is not the backfill's: that is logged once every range is done.
            var finished = status.State == BackfillStates.Done && range is null;
            if (batch.Acted && (status.Batches - logged.Batches >= options.LogEvery || finished))
            {
                await audit.AppendAsync(connection, null, "backfill", status.MigrationId, finished ? "done" : "progress",
                    (long)loggedAt.Elapsed.TotalMilliseconds, Summary(logged, status, range), cancellationToken).ConfigureAwait(false);
                (logged, loggedAt) = (status, Stopwatch.StartNew());
            }
            switch (status.State)
            {
                case BackfillStates.Done or BackfillStates.Cancelled:
                    progress?.Report(new BackfillBatch(shown(status)));
                    return (status, false);
                case BackfillStates.Paused when !waitWhilePaused:
                    return (status, false);
                case BackfillStates.Paused:
                    progress?.Report(new BackfillWaiting(shown(status), $"paused{(status.Error is null ? "" : $" ({status.Error})")}; waiting to be resumed"));
                    await Task.Delay(PausedPoll, cancellationToken).ConfigureAwait(false);
                    (outside, afterWrite) = (Stopwatch.StartNew(), TimeSpan.Zero);
                    continue;
            }
            progress?.Report(new BackfillBatch(shown(status)));
            var pause = pacing.Pause;
            if (batch.Signals is { } measured)
            {
                var signals = measured with { OthersWrote = othersWrote, Wal = await wal.SinceLastAsync(connection, cancellationToken).ConfigureAwait(false) };
                Logging.CutoverLog.BackfillBatchMeasured(logger, Named(id, range), signals.Size, signals.Keys, signals.BatchMs, signals.CommitMs, signals.LockWaitMs, signals.OthersWrote,
                    signals.Wal?.Bytes, signals.Wal?.MsPerSync, signals.Wal?.CheckpointsRequested);
                var pace = pacer.Next(signals, sinceBatch.Elapsed);
                sinceBatch.Restart();
                if (pace.Reason is { } why)
                    Logging.CutoverLog.BackfillPaced(logger, Named(id, range), why, pace.NextSize, pace.Pause.TotalMilliseconds);
                (nextSize, pause) = (pace.NextSize, pace.Pause);
            }
            if (status.PauseMs is { } ms)
                pause = TimeSpan.FromMilliseconds(ms);
            if (pause > TimeSpan.Zero)
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One batch in one transaction, retried (from the same position) when it times out waiting for a lock. Acted is
    /// false when the checkpoint said there was nothing to do (paused, cancelled, or finished by another runner).
    /// <paramref name="between"/> is the time since the previous batch wrote the elapsed time (its commit, the pacer, the
    /// pause, throttled waits), which this batch's elapsed time adds.
    /// </summary>
    private async Task<BatchOutcome> RunBatchAsync(DbConnection connection, string id, int? worker, TimeSpan between, int? size, CancellationToken cancellationToken)
    {
        // The last attempt's own time sizes the next batch; every attempt's time (lock waits, retry sleeps) is the backfill's.
        var spent = Stopwatch.StartNew();
        using var span = Telemetry.CutoverTelemetry.Source.StartActivity("cutover.backfill.batch");
        span?.SetTag(Telemetry.CutoverTelemetry.BackfillId, id);
        try
        {
            return await RunBatchWithRetriesAsync(connection, id, worker, between, size, spent, span, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Telemetry.CutoverTelemetry.Failed(span, e))
        {
            throw;
        }
    }

    /// <summary>
    /// The batch of <paramref name="size"/> keys (the pacer's, or the checkpoint's when this runner has not paced one yet)
    /// over the whole table, or over range <paramref name="worker"/>, and what it measured for the pacer: null when it ran nothing.
    /// </summary>
    private async Task<BatchOutcome> RunBatchWithRetriesAsync(
        DbConnection connection, string id, int? worker, TimeSpan between, int? size, Stopwatch spent, System.Diagnostics.Activity? span, CancellationToken cancellationToken)
    {
        return await _retry.RunAsync(async attempt =>
        {
            var clock = Stopwatch.StartNew();
            Claim? claim = null;
            string? range = null;
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (provider.LockTimeoutStatement(options.LockRetry.TimeoutFor(attempt), transactionScoped: true) is { } timeout)
                    await ExecuteAsync(connection, transaction, timeout, cancellationToken).ConfigureAwait(false);
                if (options.WritebackAfterKb > 0 && provider.BackfillWritebackStatement(options.WritebackAfterKb) is { } writeback)
                    await ExecuteAsync(connection, transaction, writeback, cancellationToken).ConfigureAwait(false);
                claim = await ClaimAsync(connection, transaction, id, worker, cancellationToken).ConfigureAwait(false);
                var claimed = claim.View;
                if (claim.Split)
                    return new BatchOutcome(claimed, false, null, Split: true);
                if (claimed.State is BackfillStates.Paused or BackfillStates.Cancelled or BackfillStates.Done)
                    return new BatchOutcome(claimed, false, null);
                // Time to get the transaction and the checkpoint row: the database's lock (SQLite) or another runner's batch.
                var claimedAfter = clock.Elapsed;
                var batchSize = claimed.FixedBatch ?? size ?? claimed.BatchSize;

                var sql = new KeyRangeSql(Identifier.Sql(claimed.Table), claimed.KeyColumns);
                var first = claimed.Position is null;
                var from = first ? [] : KeyPosition.Read(claimed.Position!);
                var end = claim.Range?.To is { } rangeEnd ? KeyPosition.Read(rangeEnd) : null;
                var bound = await NextBoundAsync(connection, transaction, sql, first, from, batchSize, cancellationToken, end).ConfigureAwait(false);
                if (bound is null)
                {
                    // The pause before this probe and the probe itself are part of the backfill's time too.
                    var doneAt = spent.Elapsed;
                    var done = claimed with
                    {
                        State = BackfillStates.Done, Error = null, UpdatedAt = DateTime.UtcNow,
                        ElapsedMs = claimed.ElapsedMs + Ms(between + doneAt),
                    };
                    await ExecuteBatchAsync(connection, transaction, [claim.Write(done)], cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    if (claim.Range is null)
                        Logging.CutoverLog.BackfillDone(logger, id, done.RowsDone, done.Batches);
                    return new BatchOutcome(done, true, null, AfterWrite: spent.Elapsed - doneAt);
                }

                var (to, keys) = bound.Value;
                range = Describe(claimed, first, from, to);
                var changed = claimed.Code is { } code
                    ? await RunCodeAsync(connection, transaction, sql, Code(code, FileLine.Parse(claimed.Source)), first, from, to, cancellationToken).ConfigureAwait(false)
                    : await RunStatementAsync(connection, transaction, sql, provider.Dialect, claimed.Statement!, first, from, to, cancellationToken).ConfigureAwait(false);
                var elapsed = clock.ElapsedMilliseconds;
                // The elapsed time written is up to here; the rest (the checkpoint's write, the commit) the next batch adds.
                var writtenAt = spent.Elapsed;
                // The checkpoint keeps this batch's size: the size of the next is decided once its commit is measured.
                var after = claimed with
                {
                    State = BackfillStates.Running, Error = null, Position = KeyPosition.Write(to),
                    RowsDone = claimed.RowsDone + keys, RowsChanged = claimed.RowsChanged + changed, Batches = claimed.Batches + 1,
                    BatchSize = batchSize,
                    ElapsedMs = claimed.ElapsedMs + Ms(between + writtenAt), LastBatchMs = elapsed, UpdatedAt = DateTime.UtcNow,
                };
                await ExecuteBatchAsync(connection, transaction, [claim.Write(after)], cancellationToken).ConfigureAwait(false);
                var committing = clock.Elapsed;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                var committed = clock.Elapsed;
                Telemetry.CutoverTelemetry.BatchDone(id, keys, committed);
                span?.SetTag(Telemetry.CutoverTelemetry.BatchRows, keys);
                // Earlier attempts and their sleeps, and this attempt's wait for its transaction, were spent waiting on others.
                var lockWait = (spent.Elapsed - committed) + claimedAfter;
                return new BatchOutcome(after, true, new BatchSignals(batchSize, keys, (committed - claimedAfter).TotalMilliseconds, (committed - committing).TotalMilliseconds,
                    lockWait.TotalMilliseconds, OthersWrote: false), AfterWrite: spent.Elapsed - writtenAt);
            }
            catch (DbException e) when (claim is null && provider.IsLockTimeout(e) && !_retry.WillRetry(e, attempt))
            {
                // Another session kept the checkpoint row through every attempt: nothing ran, nothing to record (the
                // row is locked). A typed error, so `up` exits 1 and a worker reports it and goes on instead of dying.
                var at = await CheckpointTable.ReadRowAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
                throw new BackfillException(id, BackfillProblem.CheckpointBusy,
                    $"{at?.Source ?? id}: backfill of {at?.Table ?? id} could not claim its checkpoint: {GaveUp(attempt)}; another session holds its row in {(worker is null ? CheckpointTable.Name : RangeTable.Name)}",
                    "another runner's batch, or a pause, resume or cancel of the backfill, holds it; run again when that is done", e);
            }
            catch (Exception e) when (claim is not null && !_retry.WillRetry(e, attempt) && e is not OperationCanceledException && connection.State == System.Data.ConnectionState.Open)
            {
                // The batch rolled back; record why, so `status` shows it and the next run retries this batch.
                var claimed = claim.View;
                var gaveUp = provider.IsLockTimeout(e) ? GaveUp(attempt) + ": " : "";
                var error = $"{(worker is null ? "" : $"range {worker} ")}batch {claimed.Batches + 1}{(range is null ? "" : $" ({range})")} failed: {gaveUp}{e.Message.ReplaceLineEndings(" ").Trim()}";
                await ExecuteBatchAsync(connection, null,
                    [.. claim.Failed(error), audit.Entry("backfill", claimed.MigrationId, "failed", clock.ElapsedMilliseconds, $"{id}: {error}")], CancellationToken.None).ConfigureAwait(false);
                throw new BackfillException(id, BackfillProblem.BatchFailed, $"{claimed.Source}: backfill of {claimed.Table} {error}",
                    "nothing of this batch was applied and earlier batches stay done; fix the cause and run again to retry it", e);
            }
        }, (attempt, _, sleep) =>
        {
            Logging.CutoverLog.BackfillLockRetry(logger, id, options.LockRetry.TimeoutFor(attempt).TotalMilliseconds, sleep.TotalMilliseconds);
            Telemetry.CutoverTelemetry.LockRetried("backfill");
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        // How a batch or a claim that never got its lock says so.
        string GaveUp(int attempt) =>
            $"lock not obtained in {attempt + 1} attempts (lock_timeout up to {options.LockRetry.TimeoutFor(attempt).TotalMilliseconds:0} ms)";
    }

    // Rounded, not truncated: a batch's elapsed time is added to the sum thousands of times.
    private static long Ms(TimeSpan time) => (long)Math.Round(time.TotalMilliseconds);

    /// <summary>The upper bound of the next batch of at most <paramref name="size"/> keys after <paramref name="from"/> (up to <paramref name="end"/> when given), and how many keys it holds; null when none are left.</summary>
    internal static async Task<(IReadOnlyList<object> To, long Keys)?> NextBoundAsync(
        DbConnection connection, DbTransaction? transaction, KeyRangeSql sql, bool first, IReadOnlyList<object> from, int size, CancellationToken cancellationToken,
        IReadOnlyList<object>? end = null)
    {
        (string, object?)[] bounds = [.. sql.Bind("lo", from), .. sql.Bind("end", end ?? [])];
        if (await ReadBoundAsync(Create(connection, transaction, sql.NextBound(first, end is not null), [.. bounds, ("@cutover_skip", size - 1)]), withCount: false, cancellationToken).ConfigureAwait(false) is { } full)
            return (full.To, size);
        return await ReadBoundAsync(Create(connection, transaction, sql.LastBound(first, end is not null), bounds), withCount: true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyList<object> To, long Keys)?> ReadBoundAsync(DbCommand command, bool withCount, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            var to = new object[reader.FieldCount - (withCount ? 1 : 0)];
            for (var i = 0; i < to.Length; i++)
                to[i] = reader.GetValue(i);
            return (to, withCount ? Convert.ToInt64(reader.GetValue(to.Length)) : 0);
        }
    }

    private static async Task<long> RunStatementAsync(
        DbConnection connection, DbTransaction transaction, KeyRangeSql sql, Sql.SqlDialect dialect, string statement, bool first,
        IReadOnlyList<object> from, IReadOnlyList<object> to, CancellationToken cancellationToken)
    {
        var text = BackfillStatement.Substitute(statement, dialect, alias => sql.Predicate(first, alias));
        return Math.Max(0, await ExecuteAsync(connection, transaction, text, cancellationToken, [.. sql.Bind("lo", first ? [] : from), .. sql.Bind("hi", to)]).ConfigureAwait(false));
    }

    private static async Task<long> RunCodeAsync(
        DbConnection connection, DbTransaction transaction, KeyRangeSql sql, CodeBackfill code, bool first,
        IReadOnlyList<object> from, IReadOnlyList<object> to, CancellationToken cancellationToken)
    {
        var rows = new List<BackfillRow>();
        await using (var read = Create(connection, transaction, sql.Select(code.Columns, first), [.. sql.Bind("lo", first ? [] : from), .. sql.Bind("hi", to)]))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = new object[to.Count];
                for (var i = 0; i < key.Length; i++)
                    key[i] = reader.GetValue(i);
                var values = new object?[code.Columns.Count];
                for (var i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(key.Length + i) ? null : reader.GetValue(key.Length + i);
                rows.Add(new BackfillRow(key, code.Columns, values));
            }
        }
        await code.TransformAsync(rows, cancellationToken).ConfigureAwait(false);
        var changed = 0L;
        var update = sql.UpdateByKey(code.Columns);
        foreach (var row in rows.Where(r => r.Changed))
        {
            var parameters = row.Values.Select((v, i) => ($"@cutover_v{i}", v)).Concat(sql.Bind("k", row.Key)).ToArray();
            changed += await ExecuteAsync(connection, transaction, update, cancellationToken, parameters).ConfigureAwait(false);
        }
        return changed;
    }

    private CodeBackfill Code(string name, FileLine where) =>
        codes.FirstOrDefault(c => c.Name == name) ?? throw new InvalidFileException(where.Path, where.Line,
            $"code={name} names no registered C# backfill{(codes.Count == 0 ? " (none are registered)" : $" (registered: {string.Join(", ", codes.Select(c => c.Name))})")}",
            "register it in CutoverOptions.Backfills and run the migration from the application (or its hosted backfill worker); a tool without the application's code runs only SQL backfills");

    private static string Describe(BackfillStatus s, bool first, IReadOnlyList<object> from, IReadOnlyList<object> to)
    {
        var key = s.KeyColumns.Count == 1 ? s.KeyColumns[0] : "(" + string.Join(", ", s.KeyColumns) + ")";
        return first ? $"{key} <= {KeyPosition.Show(to)}" : $"{key} > {KeyPosition.Show(from)} AND {key} <= {KeyPosition.Show(to)}";
    }

    private static string Summary(BackfillStatus from, BackfillStatus to, BackfillRange? range) => range is not null
        ? $"{to.Id}: range {range.Worker}: batches {from.Batches + 1}–{to.Batches} of {to.Table}, {to.RowsDone - from.RowsDone} rows ({to.RowsChanged - from.RowsChanged} changed), " +
          $"up to {to.PositionText ?? "the start"}; {to.RowsDone} rows of the range in {to.Batches} batches so far, batch size now {to.BatchSize}"
        : to.State == BackfillStates.Done
        ? $"{to.Id}: {to.Table} done: {to.RowsDone} rows ({to.RowsChanged} changed) in {to.Batches} batches, {to.ElapsedMs} ms, up to {to.PositionText ?? "the start"}"
        : $"{to.Id}: batches {from.Batches + 1}–{to.Batches} of {to.Table}, {to.RowsDone - from.RowsDone} rows ({to.RowsChanged - from.RowsChanged} changed), " +
        $"up to {to.PositionText ?? "the start"}; {to.RowsDone} rows in {to.Batches} batches so far, batch size now {to.BatchSize}";
}
