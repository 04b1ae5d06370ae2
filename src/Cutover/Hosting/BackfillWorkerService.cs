using Cutover.Backfill;
using Cutover.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Hosting;

/// <summary>
/// Runs deferred backfills inside the application for as long as it runs (the in-process equivalent of
/// a background runner). Several instances of the application may run it at once: batches take turns
/// on the checkpoint row, so each key range runs once.
/// </summary>
public sealed class BackfillWorkerService(Migrator migrator, ILogger<BackfillWorkerService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Log(BackfillStatus status, string? waiting) =>
            logger.LogDebug("Backfill {Id}: {Rows} rows in {Batches} batches{Waiting}", status.Id, status.RowsDone, status.Batches, waiting is null ? "" : "; " + waiting);
        var progress = new InlineProgress<RunEvent>(e =>
        {
            if (e is BackfillBatch batch)
                Log(batch.Status, null);
            else if (e is BackfillWaiting wait)
                Log(wait.Status, wait.Reason);
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await migrator.RunBackfillsAsync(once: false, progress, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (CutoverException e)
            {
                // An unreachable database or a migration that cannot continue must not stop the application; try again later.
                logger.LogError(e, "Cutover backfill worker: {Message}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
