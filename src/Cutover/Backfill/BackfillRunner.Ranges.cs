using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.ExceptionServices;
using Cutover.History;
using static Cutover.History.DbCommands;

namespace Cutover.Backfill;

/// <summary>
/// Several workers on one backfill: its remaining keys are cut into ranges once (one transaction records them all), each
/// range has its own checkpoint row that each of its batches updates in its own transaction, and the backfill is done
/// when every range is — exactly as safe under kills as one runner, with any number of runners taking part.
/// </summary>
internal sealed partial class BackfillRunner
{
    private bool _rangeTableReady;

    /// <summary>What a batch's transaction holds: the checkpoint it walks (the backfill's, or a range's seen as one) and where to write it.</summary>
    /// <param name="View">The checkpoint as the batch walks it: for a range, the backfill with the range's position and counters.</param>
    /// <param name="Backfill">The backfill's own row.</param>
    /// <param name="Range">The range claimed; null when the batch walks the whole table.</param>
    /// <param name="Split">The whole-table walker found that another runner cut the backfill into ranges: it runs nothing more itself.</param>
    private sealed record Claim(BackfillStatus View, BackfillStatus Backfill, BackfillRange? Range, bool Split = false)
    {
        public SqlCommandText Write(BackfillStatus after) =>
            Range is null ? CheckpointTable.Update(after) : RangeTable.Update(Backfill.Id, RangeOf(Range, after));

        /// <summary>The failed batch's record: a failed range also fails its backfill, so status shows it and the next run retries.</summary>
        public IReadOnlyList<SqlCommandText> Failed(string error)
        {
            var failed = View with { State = BackfillStates.Failed, Error = error, UpdatedAt = DateTime.UtcNow };
            return Range is null
                ? [CheckpointTable.Update(failed)]
                : [RangeTable.Update(Backfill.Id, RangeOf(Range, failed)), CheckpointTable.Fail(Backfill.Id, error, failed.UpdatedAt)];
        }
    }

    /// <summary>
    /// The outcome of one batch: the checkpoint after it, whether this runner ran it, what it measured, whether the backfill
    /// was found cut into ranges, and its time after its elapsed time was written (its commit), which the next batch adds.
    /// </summary>
    private readonly record struct BatchOutcome(BackfillStatus Status, bool Acted, BatchSignals? Signals, bool Split = false, TimeSpan AfterWrite = default);

    private async Task<Claim> ClaimAsync(DbConnection connection, DbTransaction transaction, string id, int? worker, CancellationToken cancellationToken)
    {
        if (worker is null)
        {
            var row = await CheckpointTable.ClaimAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(id);
            var split = provider is IBackfillKeySplitter && await RangeTable.AnyAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            return new Claim(row, row, null, split);
        }
        var range = await RangeTable.ClaimAsync(connection, transaction, id, worker.Value, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(id);
        var backfill = await CheckpointTable.ReadRowAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(id);
        return new Claim(RangeView(backfill, range), backfill, range);
    }

    private static BackfillException Disappeared(string id) =>
        new(id, BackfillProblem.Disappeared, $"backfill {id} disappeared while running (its migration was rolled back?)");

    /// <summary>A range seen as a backfill of its own: the backfill's definition, the range's progress; paused or cancelled when the backfill is.</summary>
    private static BackfillStatus RangeView(BackfillStatus backfill, BackfillRange range)
    {
        var steered = backfill.State is BackfillStates.Paused or BackfillStates.Cancelled or BackfillStates.Done;
        return backfill with
        {
            State = steered ? backfill.State : range.State, Error = steered ? backfill.Error : range.Error,
            BatchSize = range.BatchSize, Position = range.Position ?? range.From, RowsDone = range.RowsDone, RowsChanged = range.RowsChanged,
            Batches = range.Batches, ElapsedMs = range.ElapsedMs, LastBatchMs = range.LastBatchMs, UpdatedAt = range.UpdatedAt, Ranges = [],
        };
    }

    /// <summary>The range's row as a batch of its <see cref="RangeView"/> left it.</summary>
    private static BackfillRange RangeOf(BackfillRange range, BackfillStatus view) => range with
    {
        BatchSize = view.BatchSize, Position = range.Position is null && view.Position == range.From ? null : view.Position,
        RowsDone = view.RowsDone, RowsChanged = view.RowsChanged, Batches = view.Batches, State = view.State, Error = view.Error,
        UpdatedAt = view.UpdatedAt, ElapsedMs = view.ElapsedMs, LastBatchMs = view.LastBatchMs,
    };

    private static string Named(string id, BackfillRange? range) => range is null ? id : $"{id} range {range.Worker}";

    /// <summary>
    /// Cuts the backfill's remaining keys into <see cref="BackfillOptions.Workers"/> ranges when it should run with several and
    /// has none yet; true when it has ranges now (cut here or by another runner). One transaction, holding the backfill's
    /// row, so a runner walking the whole table finishes its batch first and then sees the ranges.
    /// </summary>
    private async Task<bool> SplitAsync(DbConnection connection, BackfillStatus status, CancellationToken cancellationToken)
    {
        if (provider is not IBackfillKeySplitter splitter)
        {
            if (options.Workers > 1)
                Logging.CutoverLog.BackfillOneWorker(logger, status.Id, options.Workers, $"{provider.Name} writes one transaction at a time");
            return false;
        }
        await EnsureRangeTableAsync(connection, cancellationToken).ConfigureAwait(false);
        if (options.Workers < 2 || status.State is BackfillStates.Done or BackfillStates.Cancelled)
            return false;
        if (status.Code is not null)
        {
            Logging.CutoverLog.BackfillOneWorker(logger, status.Id, options.Workers, $"C# backfill {status.Code} is not assumed safe to run concurrently");
            return false;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var row = await CheckpointTable.ClaimAsync(connection, transaction, status.Id, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(status.Id);
        if (row.State is BackfillStates.Done or BackfillStates.Cancelled)
            return false;
        if (await RangeTable.AnyAsync(connection, transaction, row.Id, cancellationToken).ConfigureAwait(false))
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        var after = row.Position is null ? null : KeyPosition.Read(row.Position);
        var left = row.TotalEstimate is { } total ? Math.Max(0, total - row.RowsDone) : (long?)null;
        var bounds = await splitter.SplitKeysAsync(connection, transaction, Identifier.Sql(row.Table), row.KeyColumns, after, options.Workers, left, cancellationToken).ConfigureAwait(false);
        if (bounds.Count == 0)
            return false;   // too few keys left to cut: one runner walks them
        var now = DateTime.UtcNow;
        var ranges = Enumerable.Range(0, bounds.Count + 1).Select(i => new BackfillRange(
            i + 1, i == 0 ? row.Position : KeyPosition.Write(bounds[i - 1]), i < bounds.Count ? KeyPosition.Write(bounds[i]) : null,
            row.BatchSize, null, 0, 0, 0, BackfillStates.Running, null, now, 0, 0)).ToList();
        var described = string.Join("; ", ranges.Select(r => $"range {r.Worker}: {r.Describe(row.KeyColumns)}"));
        // One statement per range: a batched command needs distinct parameter names.
        foreach (var range in ranges)
        {
            var insert = RangeTable.Insert(row, range);
            await ExecuteAsync(connection, transaction, insert.Sql, cancellationToken, insert.Parameters).ConfigureAwait(false);
        }
        await ExecuteBatchAsync(connection, transaction,
            [audit.Entry("backfill", row.MigrationId, "split", null, $"{row.Id}: {ranges.Count} ranges for {options.Workers} workers: {described}")],
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.BackfillSplit(logger, row.Id, ranges.Count, described);
        return true;
    }

    /// <summary>
    /// Walks every unfinished range, up to <see cref="BackfillOptions.Workers"/> at a time, each worker on its own connection
    /// (the first on <paramref name="connection"/>), then marks the backfill done once every range is. A failing range
    /// stops the others after their batch in flight; its error is the one thrown.
    /// </summary>
    private async Task<BackfillStatus> RunRangesAsync(DbConnection connection, string id, bool waitWhilePaused, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var backfill = await CheckpointTable.ReadRowAsync(connection, null, id, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(id);
        var ranges = await RangeTable.ReadAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
        // Rerunning a failed (or starting a queued) backfill: it runs again, as a single runner's first batch would say.
        if (backfill.State is BackfillStates.Queued or BackfillStates.Failed
            && await CheckpointTable.TransitionAsync(connection, id, [BackfillStates.Queued, BackfillStates.Failed], BackfillStates.Running, null, cancellationToken).ConfigureAwait(false))
            backfill = backfill with { State = BackfillStates.Running, Error = null };

        var todo = new ConcurrentQueue<BackfillRange>(ranges.Where(r => r.State != BackfillStates.Done));
        var latest = new ConcurrentDictionary<int, BackfillRange>(ranges.Select(r => KeyValuePair.Create(r.Worker, r)));
        // What progress shows: the whole backfill, every range as far as this runner has seen it.
        BackfillStatus Shown(BackfillRange range, BackfillStatus view)
        {
            latest[range.Worker] = RangeOf(range, view);
            var all = backfill.WithRanges([.. latest.Values.OrderBy(r => r.Worker)]);
            return view.State is BackfillStates.Paused or BackfillStates.Cancelled ? all with { State = view.State, Error = view.Error } : all;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task WorkAsync(int slot)
        {
            var own = slot == 0 ? null : await open(stop.Token).ConfigureAwait(false);
            try
            {
                while (todo.TryDequeue(out var range))
                {
                    var (status, _) = await WalkAsync(own ?? connection, backfill, range, waitWhilePaused, progress, v => Shown(range, v), stop.Token).ConfigureAwait(false);
                    if (status.State is BackfillStates.Paused or BackfillStates.Cancelled)
                        return;   // the others see the same at their next batch
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                if (own is not null)
                    await own.DisposeAsync().ConfigureAwait(false);
            }
        }

        var tasks = Enumerable.Range(0, Math.Clamp(options.Workers, 1, Math.Max(1, todo.Count))).Select(WorkAsync).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } first)
        {
            // The range that failed, not the cancellations its failure caused in the others.
            ExceptionDispatchInfo.Throw(first);
        }
        return await FinishRangesAsync(connection, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the backfill done, its counters the sum of its ranges', when every range is done; otherwise reads it as it is.</summary>
    private async Task<BackfillStatus> FinishRangesAsync(DbConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var row = await CheckpointTable.ClaimAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false) ?? throw Disappeared(id);
        var ranges = await RangeTable.ReadAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        if (row.State != BackfillStates.Running || ranges.Any(r => r.State != BackfillStates.Done))
            return row.WithRanges(ranges);
        var all = row.WithRanges(ranges);
        var done = all with
        {
            State = BackfillStates.Done, Error = null, UpdatedAt = DateTime.UtcNow, Ranges = [],
            Position = ranges.LastOrDefault(r => r.Position is not null)?.Position ?? row.Position, BatchSize = ranges.Max(r => r.BatchSize),
        };
        await ExecuteBatchAsync(connection, transaction,
            [CheckpointTable.Update(done), audit.Entry("backfill", row.MigrationId, "done", done.ElapsedMs - row.ElapsedMs,
                $"{id}: {row.Table} done: {done.RowsDone} rows ({done.RowsChanged} changed) in {done.Batches} batches over {ranges.Count} ranges, {done.ElapsedMs} ms, up to {done.PositionText ?? "the start"}")],
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.BackfillDone(logger, id, done.RowsDone, done.Batches);
        return done with { Ranges = ranges };
    }

    /// <summary>
    /// Creates <c>cutover_backfill_range</c> when a database set up by an older Cutover lacks it (a runner may start before any
    /// `up` of this version); two runners creating it at once is fine.
    /// </summary>
    private async Task EnsureRangeTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_rangeTableReady || await TableExistsAsync(connection, RangeTable.Name, cancellationToken).ConfigureAwait(false))
        {
            _rangeTableReady = true;
            return;
        }
        try
        {
            await ExecuteAsync(connection, null, provider.CreateTableDdl(HistorySchema.Tables.Single(t => t.Name == RangeTable.Name)), cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Another runner may have created it between the look and the CREATE; anything else is an error.
            if (!await TableExistsAsync(connection, RangeTable.Name, cancellationToken).ConfigureAwait(false))
                throw;
        }
        _rangeTableReady = true;
    }
}
