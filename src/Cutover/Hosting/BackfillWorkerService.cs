using Cutover.Backfill;
using Cutover.Logging;
using Cutover.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Hosting;

/// <summary>
/// Runs deferred backfills inside the application for as long as it runs (the in-process equivalent of
/// a background runner). Several instances of the application may run it at once: batches take turns
/// on the checkpoint row, so each key range runs once. With <see cref="BackfillWorkerOptions.VerifyEvery"/> it also
/// verifies the migrations whose operations are expanded, on that schedule; with
/// <see cref="BackfillWorkerOptions.PurgeArchivesEvery"/> it drops the archive tables whose retention window has passed.
/// </summary>
public sealed class BackfillWorkerService(Migrator migrator, ILogger<BackfillWorkerService> logger, BackfillWorkerOptions? options = null) : BackgroundService
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<Task> loops = [RunBackfillsAsync(stoppingToken)];
        if (options?.VerifyEvery is { } verifyEvery)
            loops.Add(VerifyOnScheduleAsync(verifyEvery, stoppingToken));
        if (options?.PurgeArchivesEvery is { } purgeEvery)
            loops.Add(PurgeOnScheduleAsync(purgeEvery, stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task RunBackfillsAsync(CancellationToken stoppingToken)
    {
        void Log(BackfillStatus status, string? waiting) =>
            CutoverLog.WorkerBackfillProgress(logger, status.Id, status.RowsDone, status.Batches, waiting is null ? "" : "; " + waiting);
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
                CutoverLog.WorkerBackfillFailed(logger, e, e.Message);
                await DelayAsync(RetryAfterError, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Verifies the expanded migrations every <paramref name="every"/>, the first time one interval after the start.</summary>
    private async Task VerifyOnScheduleAsync(TimeSpan every, CancellationToken stoppingToken)
    {
        while (await DelayAsync(every, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var result in await migrator.VerifyExpandedAsync(options!.Verify, stoppingToken).ConfigureAwait(false))
                {
                    if (result.Clean)
                        CutoverLog.WorkerVerifiedClean(logger, result.MigrationId, result.Rows);
                    else
                        CutoverLog.WorkerVerifiedMismatches(logger, result.MigrationId, result.Rows, result.Mismatches, string.Join(", ", result.Samples.Take(5)));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (CutoverException e)
            {
                // Like the backfills: a failed round is logged and the schedule goes on.
                CutoverLog.WorkerVerificationFailed(logger, e, e.Message);
            }
        }
    }

    /// <summary>Drops the expired archive tables every <paramref name="every"/>, the first time one interval after the start.</summary>
    private async Task PurgeOnScheduleAsync(TimeSpan every, CancellationToken stoppingToken)
    {
        while (await DelayAsync(every, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var purged in await migrator.PurgeArchivesAsync(stoppingToken).ConfigureAwait(false))
                    CutoverLog.WorkerArchivesPurged(logger, purged.MigrationId, purged.RetainedUntil, string.Join(", ", purged.Tables));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is CutoverException or System.Data.Common.DbException)
            {
                // A failed round (the database unreachable, an archive locked past the retries) is logged; the next one tries again.
                CutoverLog.WorkerPurgeFailed(logger, e, e.Message);
            }
        }
    }

    /// <summary>Waits; false when the application is stopping.</summary>
    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
