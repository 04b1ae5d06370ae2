using System.Data.Common;
using Cutover.History;

namespace Cutover.Running;

/// <summary>
/// Turns a connection lost in the middle of a migration into a <see cref="ConnectionLostException"/> naming the cause,
/// after recording the failure in the audit log on a new connection. The lost session cannot write anything, and a
/// restarting server takes a few seconds to accept connections again, so the log is retried for a short while; when
/// the database does not answer, the error says why nothing was logged.
/// </summary>
internal sealed class ConnectionLossReport(Func<CancellationToken, Task<DbConnection>> reconnect, AuditLog audit, TimeSpan? logWindow = null)
{
    /// <summary>How long to keep trying to reach the database again to log the failure: a fast restart takes a few seconds.</summary>
    public TimeSpan LogWindow { get; } = logWindow ?? TimeSpan.FromSeconds(15);

    public async Task<ConnectionLostException> ReportAsync(
        string migrationId, string action, string where, string cause, long durationMs, Exception error)
    {
        var detail = $"{where}: connection lost: {cause}";
        var logProblem = await TryLogAsync(action, migrationId, durationMs, detail).ConfigureAwait(false);
        var message = logProblem is null
            ? $"{detail}; recorded in the audit log"
            : $"{detail}; the failure could not be recorded in the audit log: {logProblem}";
        return new ConnectionLostException(migrationId, action, cause, logProblem is null, message,
            "the step that was running did not complete (a transactional step rolled back with the session); once the database answers again, run the migrations again: they resume from where the history says they stopped",
            error);
    }

    private async Task<string?> TryLogAsync(string action, string migrationId, long durationMs, string detail)
    {
        using var window = new CancellationTokenSource(LogWindow);
        string problem = "the database did not answer";
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await using var connection = await reconnect(window.Token).ConfigureAwait(false);
                await audit.AppendAsync(connection, null, action, migrationId, "connection lost", durationMs, detail, window.Token).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !window.IsCancellationRequested)
            {
                problem = e.Message.ReplaceLineEndings(" ");
            }
            catch (OperationCanceledException)
            {
                return $"the database did not answer within {LogWindow.TotalSeconds:0} s ({problem})";
            }
            try
            {
                await Task.Delay(delay, window.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return $"the database did not answer within {LogWindow.TotalSeconds:0} s ({problem})";
            }
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }
}
