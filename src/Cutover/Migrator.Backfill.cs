using Cutover.Backfill;
using Cutover.History;
using Cutover.Running;
using Microsoft.Extensions.Logging;

namespace Cutover;

public sealed partial class Migrator
{
    private static readonly TimeSpan WorkerPoll = TimeSpan.FromSeconds(5);

    /// <summary>Every backfill's checkpoint, by id. State lives in the database, so this works from any machine.</summary>
    public async Task<IReadOnlyList<BackfillStatus>> BackfillStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        return await CheckpointTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pauses a backfill: runners finish the batch in flight and wait (the foreground <c>up</c>) or move on (workers).</summary>
    public Task<BackfillStatus> PauseBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Failed], BackfillStates.Paused, "pause", cancellationToken);

    /// <summary>Lets a paused, cancelled or failed backfill run again from its checkpoint.</summary>
    public Task<BackfillStatus> ResumeBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [BackfillStates.Paused, BackfillStates.Cancelled, BackfillStates.Failed], BackfillStates.Running, "resume", cancellationToken);

    /// <summary>
    /// Cancels a backfill: runners stop after the batch in flight and no runner starts it again. Batches done stay
    /// done; resume it, or roll its migration back with <see cref="DownAsync"/>.
    /// </summary>
    public Task<BackfillStatus> CancelBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Paused, BackfillStates.Failed], BackfillStates.Cancelled, "cancel", cancellationToken);

    /// <summary>
    /// The background runner (a tool's, or <see cref="Hosting.BackfillWorkerService"/> in an
    /// application): runs every queued or running backfill to its end, then applies the rest of its migration
    /// (and whatever that defers next). With <paramref name="once"/> it returns when nothing is left to do;
    /// otherwise it keeps looking every few seconds until cancelled. A backfill whose batch fails is reported and
    /// left failed (resume it once the cause is fixed); the others continue.
    /// </summary>
    /// <returns>The backfills it finished or left failed.</returns>
    public async Task<IReadOnlyList<BackfillStatus>> RunBackfillsAsync(bool once, IProgress<BackfillProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var handled = new List<BackfillStatus>();
        var runner = NewBackfillRunner();
        while (true)
        {
            var worked = false;
            await using (var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: false, cancellationToken).ConfigureAwait(false))
            {
                var history = (await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id);
                foreach (var backfill in await CheckpointTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    // Its migration stopped at this very step (not at a later backfill still to run).
                    var waiting = history.TryGetValue(backfill.MigrationId, out var row) && row.State == HistoryStates.Backfilling && row.StepsDone + 1 == backfill.Step;
                    var status = backfill;
                    if (backfill.State is BackfillStates.Queued or BackfillStates.Running)
                    {
                        worked = true;
                        try
                        {
                            status = await runner.RunAsync(connection, backfill.Id, waitWhilePaused: false, progress, cancellationToken).ConfigureAwait(false);
                        }
                        catch (BackfillException e) when (e.Problem != BackfillProblem.NotFound)
                        {
                            _logger.LogError("{Message}", e.Message);
                            handled.Add((await CheckpointTable.ReadAsync(connection, null, backfill.Id, cancellationToken).ConfigureAwait(false))!);
                            continue;
                        }
                        handled.Add(status);
                    }
                    if (status.State == BackfillStates.Done && waiting)
                    {
                        worked = true;
                        _logger.LogInformation("Backfill {Id} is done; applying the rest of migration {Migration}", status.Id, status.MigrationId);
                        await UpAsync(new UpOptions { To = status.MigrationId, DeferBackfills = true }, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (worked)
                continue;
            if (once)
                return handled;
            await Task.Delay(WorkerPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BackfillStatus> TransitionAsync(string id, IReadOnlyList<string> from, string to, string verb, CancellationToken cancellationToken)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: false, cancellationToken).ConfigureAwait(false);
        var all = await CheckpointTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var target = Find(all, id);
        if (!await CheckpointTable.TransitionAsync(connection, target.Id, from, to, $"{verb} by {_options.AppliedBy} on {Environment.MachineName}", cancellationToken).ConfigureAwait(false))
        {
            var now = await CheckpointTable.ReadAsync(connection, null, target.Id, cancellationToken).ConfigureAwait(false);
            throw new BackfillException(target.Id, BackfillProblem.WrongState,
                $"backfill {target.Id} is {now?.State ?? "gone"}; only a {string.Join(", ", from)} backfill can be {(verb == "cancel" ? "cancelled" : verb + "d")}");
        }
        await _audit.AppendAsync(connection, null, "backfill", target.MigrationId, verb, null, target.Id, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Backfill {Id}: {Verb}", target.Id, verb);
        return (await CheckpointTable.ReadAsync(connection, null, target.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>A backfill by its id, or by its migration's id when that migration has exactly one.</summary>
    private static BackfillStatus Find(IReadOnlyList<BackfillStatus> all, string id)
    {
        var exact = all.FirstOrDefault(b => b.Id == id);
        if (exact is not null)
            return exact;
        var ofMigration = all.Where(b => b.MigrationId == id).ToList();
        return ofMigration.Count switch
        {
            1 => ofMigration[0],
            0 => throw new BackfillException(id, BackfillProblem.NotFound, $"no backfill has the id {id}",
                all.Count == 0 ? "no backfill has started in this database" : $"known: {string.Join(", ", all.Select(b => b.Id))}"),
            _ => throw new BackfillException(id, BackfillProblem.Ambiguous, $"migration {id} has {ofMigration.Count} backfills", $"name one: {string.Join(", ", ofMigration.Select(b => b.Id))}"),
        };
    }
}
