using System.Data.Common;
using Cutover.Files;
using Cutover.History;
using Cutover.Sql;
using Microsoft.Extensions.Logging;

namespace Cutover.Running;

/// <summary>
/// Executes the statements of a step, one command per statement (so a failure names its line, and
/// because Npgsql refuses CREATE INDEX CONCURRENTLY inside a batch), under a lock_timeout that grows
/// across retries where the database has one.
/// </summary>
internal sealed class StepExecutor(IDatabaseProvider provider, LockRetryPolicy policy, ILogger logger, Func<string, Task> onRetry)
{
    private readonly LockRetry _retry = new(policy, e => e is StatementFailure failure && provider.IsLockTimeout(failure.InnerException!));

    /// <summary>
    /// Runs a transactional step; <paramref name="recordInTransaction"/> writes the history record inside the
    /// same transaction, so the step's effect and its record commit together. A lock timeout rolls the
    /// whole step back and retries it with a longer timeout.
    /// </summary>
    /// <returns>The rows the step's statements changed (as the database reports them; DDL counts none).</returns>
    public Task<long> RunTransactionalAsync(
        DbConnection connection, MigrationStep step, Func<DbTransaction, Task> recordInTransaction, CancellationToken cancellationToken) =>
        _retry.RunAsync(async attempt =>
        {
            // Disposing the transaction of a failed attempt rolls it back before the retry.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var timeout = provider.LockTimeoutStatement(policy.TimeoutFor(attempt), transactionScoped: true);
            if (timeout is not null)
                await DbCommands.ExecuteAsync(connection, transaction, timeout, cancellationToken).ConfigureAwait(false);
            var rows = 0L;
            for (var i = 0; i < step.Statements.Count; i++)
                rows += await ExecuteAsync(connection, transaction, i, step.Statements[i], cancellationToken).ConfigureAwait(false);
            await provider.VerifyBeforeCommitAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await recordInTransaction(transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }, RetryingAsync, cancellationToken);

    /// <summary>Runs one statement of a no-transaction step on its own, retrying lock timeouts.</summary>
    /// <returns>The rows the statement changed.</returns>
    public Task<long> RunAloneAsync(DbConnection connection, int index, SqlStatement statement, CancellationToken cancellationToken)
    {
        // CONCURRENTLY operations take locks that block neither reads nor writes, but wait for older
        // transactions; a short lock_timeout would only make them fail and leave INVALID indexes behind.
        var limited = !SqlSplitter.ContainsKeyword(statement.Text, provider.Dialect, "CONCURRENTLY");
        return _retry.RunAsync(async attempt =>
        {
            var timeout = provider.LockTimeoutStatement(limited ? policy.TimeoutFor(attempt) : TimeSpan.Zero, transactionScoped: false);
            if (timeout is not null)
                await DbCommands.ExecuteAsync(connection, null, timeout, cancellationToken).ConfigureAwait(false);
            return await ExecuteAsync(connection, null, index, statement, cancellationToken).ConfigureAwait(false);
        }, RetryingAsync, cancellationToken);
    }

    private static async Task<long> ExecuteAsync(DbConnection connection, DbTransaction? transaction, int index, SqlStatement statement, CancellationToken cancellationToken)
    {
        try
        {
            // Drivers report -1 (PostgreSQL DDL) or 0 for statements that change no rows.
            return Math.Max(0, await DbCommands.ExecuteAsync(connection, transaction, statement.Text, cancellationToken).ConfigureAwait(false));
        }
        catch (DbException e)
        {
            throw new StatementFailure(index, statement, e);
        }
    }

    private async Task RetryingAsync(int attempt, Exception error, TimeSpan sleep)
    {
        var message = $"line {((StatementFailure)error).Statement.Line}: lock not obtained within {policy.TimeoutFor(attempt).TotalMilliseconds:0} ms " +
                      $"(attempt {attempt + 1} of {policy.Attempts}); retrying in {sleep.TotalMilliseconds:0} ms with lock_timeout {policy.TimeoutFor(attempt + 1).TotalMilliseconds:0} ms";
        Logging.CutoverLog.StepLockRetry(logger, message);
        Telemetry.CutoverTelemetry.LockRetried("step");
        await onRetry(message).ConfigureAwait(false);
    }
}
