using Cutover.Backfill;
using Cutover.History;
using Cutover.Running;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// The background runner of deferred backfills: runs every queued or running backfill to its end, then applies the
/// rest of its migration through <see cref="ApplyWorkflow"/> (which may defer the next backfill, picked up on the
/// next round).
/// </summary>
internal sealed class BackfillWorker(MigratorContext context, ApplyWorkflow apply)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>With <paramref name="once"/>, returns when nothing is left to do; otherwise looks again every few seconds until cancelled.</summary>
    public async Task<IReadOnlyList<BackfillStatus>> RunAsync(bool once, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var handled = new List<BackfillStatus>();
        var runner = context.NewBackfillRunner();
        while (true)
        {
            var worked = false;
            await using (var connection = await context.OpenAsync(forReading: false, cancellationToken).ConfigureAwait(false))
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
                            // One failing backfill is left failed (to be resumed once the cause is fixed); the others continue.
                            Logging.CutoverLog.BackfillRunFailed(context.Logger, e.Message);
                            // A backfill whose migration was rolled back under the runner has no checkpoint left to show.
                            if (await CheckpointTable.ReadAsync(connection, null, backfill.Id, cancellationToken).ConfigureAwait(false) is { } left)
                                handled.Add(left);
                            continue;
                        }
                        handled.Add(status);
                    }
                    if (status.State == BackfillStates.Done && waiting)
                    {
                        worked = true;
                        Logging.CutoverLog.BackfillFinishingMigration(context.Logger, status.Id, status.MigrationId);
                        await apply.UpAsync(new UpOptions { To = status.MigrationId, DeferBackfills = true }, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (worked)
                continue;
            if (once)
                return handled;
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
