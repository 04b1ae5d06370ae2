using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Cutover.History;
using Cutover.Sql;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>The PostgreSQL provider (Npgsql).</summary>
public sealed class PostgresProvider : IDatabaseProvider
{
    private const string Hint = "check --connection, CUTOVER_CONNECTION or \"connection\" in cutover.json";

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <inheritdoc />
    public IReadOnlyList<string> HistoryTablesDdl { get; } =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {HistorySchema.HistoryTable} (
            id text PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            down_script text,
            state text NOT NULL,
            operation text NOT NULL,
            steps_done integer NOT NULL DEFAULT 0,
            statements_done integer NOT NULL DEFAULT 0,
            error text,
            applied_at timestamptz NOT NULL,
            applied_by text NOT NULL,
            host text NOT NULL,
            duration_ms bigint NOT NULL DEFAULT 0,
            tool_version text NOT NULL)
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {HistorySchema.LogTable} (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            action text NOT NULL,
            migration_id text,
            outcome text NOT NULL,
            by_user text NOT NULL,
            host text NOT NULL,
            duration_ms bigint,
            detail text)
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {HistorySchema.SchemaTable} (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            migration_id text,
            fingerprint text NOT NULL,
            snapshot text NOT NULL)
        """,
    ];

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        var target = $"{builder.Host}:{builder.Port} (database {builder.Database ?? builder.Username ?? "default"})";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection.PostgreSqlVersion.Major >= 14)
            {
                // A runner killed mid-statement would otherwise keep its transaction and the migration lock
                // until the statement ends; this makes the server notice the dead client within seconds.
                await using var command = new NpgsqlCommand("SET client_connection_check_interval = '2s'", connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw CutoverException.BadInput($"cannot connect to PostgreSQL at {target}: {Reason(e)}", Hint, e);
        }
    }

    /// <inheritdoc />
    public Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken) =>
        PostgresCopy.CopyAsync(sourceConnectionString, into, progress, cancellationToken);

    /// <inheritdoc />
    public Task DropCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => PostgresCopy.DropAsync(copy, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LockHeld>> WatchLocksAsync(string connectionString, Func<Task> work, CancellationToken cancellationToken) =>
        PostgresLockWatch.RunAsync(connectionString, work, cancellationToken);

    /// <inheritdoc />
    public string Redact(string connectionString)
    {
        try
        {
            var builder = PostgresConnectionString.Parse(connectionString);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (CutoverException)
        {
            return ConnectionKind.RedactUnparsed(connectionString);
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken) =>
        AdvisoryLock.AcquireAsync((NpgsqlConnection)connection, wait, onWaiting, cancellationToken);

    /// <inheritdoc />
    public Task BeforeMigrationAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>
    /// Nothing to restore: a no-transaction statement leaves its session lock_timeout behind, but every
    /// later statement Cutover runs sets its own (SET LOCAL in a step), and the connection ends with the run.
    /// Skipping a RESET saves a round trip per migration.
    /// </remarks>
    public Task AfterMigrationAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task VerifyBeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped) =>
        $"SET {(transactionScoped ? "LOCAL " : "")}lock_timeout = '{((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms'";

    /// <inheritdoc />
    public Task<Schema.SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken) =>
        PostgresSchemaReader.ReadAsync((NpgsqlConnection)connection, schemas, cancellationToken);

    /// <inheritdoc />
    public bool IsLockTimeout(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };

    private static string Reason(Exception e) => e switch
    {
        PostgresException p => p.MessageText,
        _ when e.InnerException is SocketException s => s.Message,
        _ when e.InnerException is TimeoutException or System.IO.IOException => e.InnerException.Message,
        _ => e.Message,
    };
}
