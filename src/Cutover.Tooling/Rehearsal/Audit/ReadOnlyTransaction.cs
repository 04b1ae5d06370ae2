using System.Data.Common;
using Cutover.History;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// The one transaction the audit reads in, started as the provider says (<see cref="IReadOnlyInspection.BeginReadOnlyTransactionSql"/>)
/// and always rolled back. Each query runs under a savepoint, because a failed query would otherwise abort the whole
/// PostgreSQL transaction and with it every count after it.
/// </summary>
internal sealed class ReadOnlyTransaction : IAsyncDisposable
{
    private const string Savepoint = "cutover_audit";
    private readonly DbConnection _connection;

    private ReadOnlyTransaction(DbConnection connection) => _connection = connection;

    /// <summary>Starts the transaction. Statements, not <see cref="DbConnection.BeginTransactionAsync(CancellationToken)"/>: SQLite's driver would take the write lock.</summary>
    public static async Task<ReadOnlyTransaction> BeginAsync(DbConnection connection, IReadOnlyInspection inspection, CancellationToken cancellationToken)
    {
        await DbCommands.ExecuteAsync(connection, null, inspection.BeginReadOnlyTransactionSql, cancellationToken).ConfigureAwait(false);
        return new ReadOnlyTransaction(connection);
    }

    /// <summary>Runs a query and reads every row; a database error is thrown after the savepoint has undone it.</summary>
    public Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = DbCommands.Create(connection, null, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            return new QueryResult(names, await Schema.CatalogRows.ReadAllAsync(reader, token).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>Runs <paramref name="read"/> under a savepoint; a database error is thrown after the savepoint has undone it.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await DbCommands.ExecuteAsync(_connection, null, $"SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
        try
        {
            return await read(_connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            await DbCommands.ExecuteAsync(_connection, null, $"ROLLBACK TO SAVEPOINT {Savepoint}", cancellationToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await DbCommands.ExecuteAsync(_connection, null, $"RELEASE SAVEPOINT {Savepoint}", CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A cancelled query can leave the transaction unusable; the rollback on dispose ends it either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DbCommands.ExecuteAsync(_connection, null, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A broken connection has no transaction left to roll back.
        }
    }
}

/// <summary>The column names and rows of a query, values boxed (NULL as null).</summary>
internal sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
