namespace Cutover;

/// <summary>
/// The one loop that retries work which gave up waiting for a table lock (a step's transaction, a no-transaction
/// statement, a backfill batch): attempt n runs under <see cref="LockRetryPolicy.TimeoutFor"/>(n); a lock timeout is
/// retried after a jittered sleep until the policy's attempts are spent; any other error, and the last lock timeout,
/// goes to the caller.
/// </summary>
internal sealed class LockRetry(LockRetryPolicy policy, Func<Exception, bool> isLockTimeout)
{
    private readonly Random _jitter = new();

    /// <summary>Whether the loop retries after attempt <paramref name="attempt"/> failed with <paramref name="error"/>.</summary>
    public bool WillRetry(Exception error, int attempt) => attempt + 1 < policy.Attempts && isLockTimeout(error);

    /// <param name="attempt">Runs attempt n (0-based); it sets its own lock_timeout from the policy.</param>
    /// <param name="onRetry">Told of each retry before the sleep: the attempt that failed, why, and how long the sleep is.</param>
    /// <param name="cancellationToken">Cancels the sleep between attempts.</param>
    public async Task<T> RunAsync<T>(Func<int, Task<T>> attempt, Func<int, Exception, TimeSpan, Task> onRetry, CancellationToken cancellationToken)
    {
        for (var n = 0; ; n++)
        {
            try
            {
                return await attempt(n).ConfigureAwait(false);
            }
            catch (Exception e) when (WillRetry(e, n))
            {
                var sleep = policy.SleepAfter(n, _jitter);
                await onRetry(n, e, sleep).ConfigureAwait(false);
                await Task.Delay(sleep, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
