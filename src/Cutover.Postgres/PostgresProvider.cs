using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Cutover.History;
using Cutover.Sql;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>The PostgreSQL provider (Npgsql).</summary>
public sealed class PostgresProvider : IDatabaseProvider, IBackfillPressureProbe, IBackfillWalProbe, IBackfillKeySplitter, ITableLockWatcher, IMigrationLockInspection, IDatabaseCopier, IReadOnlyInspection, IQueryPlanReader, Cutover.Operations.IOperationSql
{

    /// <inheritdoc />
    public Cutover.Operations.OperationPlan Plan(Cutover.Operations.OperationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Operation switch
        {
            _ when target.Transform is { } transform => PostgresOperations.Plan(transform) is var plan ? plan with { Restore = PostgresRestore.Of(transform, plan.Archive) } : null!,
            Cutover.Operations.SplitTable split => PostgresSplitTable.Plan(target, split),
            Cutover.Operations.RebuildTable rebuild => PostgresRebuildTable.Plan(target, rebuild),
            Cutover.Operations.ExtractTable extract => PostgresExtractTable.Plan(target, extract),
            Cutover.Operations.RenameTable rename => PostgresRenameTable.Plan(target, rename),
            Cutover.Operations.DropTable drop => PostgresDropTable.Plan(target, drop),
            Cutover.Operations.AddForeignKey fk => PostgresAddForeignKey.Plan(target, fk),
            Cutover.Operations.AddUnique unique => PostgresAddUnique.Plan(target, unique),
            Cutover.Operations.AddCheck check => PostgresAddCheck.Plan(target, check),
            Cutover.Operations.CreateIndex index => PostgresCreateIndex.Plan(target, index),
            Cutover.Operations.CreateTable table => PostgresCreateTable.Plan(target, table),
            _ => throw new InvalidFileException(target.Path, target.Operation.Line, $"{target.Operation.Kind}: not supported on {Semantics.DisplayName}", "write the change as plain steps"),
        };
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <inheritdoc />
    public SqlSemantics Semantics { get; } = new() { DisplayName = "PostgreSQL", Identifiers = StringComparer.Ordinal, PrimaryKeyImpliesNotNull = true, HasSchemas = true };

    /// <inheritdoc />
    /// <remarks>A <c>postgres://</c> or <c>postgresql://</c> URI, or <c>Host=</c>, <c>Server=</c>, <c>Port=</c>, <c>Username=</c>, <c>User Id=</c> or <c>Database=</c>.</remarks>
    public bool Accepts(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || ConnectionStrings.Keys(text).Any(ServerKeys.Contains);
    }

    private static readonly string[] ServerKeys = ["host", "server", "port", "username", "user id", "database"];

    /// <inheritdoc />
    public string CreateTableDdl(StoredTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.CreateIfMissingSql(TypeName, "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
    }

    private static string TypeName(StoredType type) => type switch
    {
        StoredType.Text => "text", StoredType.Integer => "integer", StoredType.BigInteger => "bigint", StoredType.Timestamp => "timestamptz",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        var target = $"{builder.Host}:{builder.Port} (database {builder.Database ?? builder.Username ?? "default"})";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            PostgresConnectionLoss.Watch(connection);
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
            throw new ConnectionFailedException(target, $"cannot connect to PostgreSQL at {target}: {Reason(e)}", inner: e);
        }
    }

    /// <inheritdoc />
    public Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken) =>
        PostgresCopy.CopyAsync(sourceConnectionString, into, progress, cancellationToken);

    /// <inheritdoc />
    /// <remarks>READ ONLY: the server refuses any write, even one hidden in a function a CHECK calls; REPEATABLE READ: every query sees the same rows.</remarks>
    public string BeginReadOnlyTransactionSql => "START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY";

    /// <inheritdoc />
    public Task<TableColumns?> ReadTableColumnsAsync(DbConnection connection, string? schema, string name, string sql, CancellationToken cancellationToken) =>
        PostgresTableColumns.ReadAsync(connection, sql, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<QueryPlanNode>> ExplainAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        PostgresPlan.ExplainAsync(connection, transaction, sql, cancellationToken);

    /// <inheritdoc />
    public Task DropCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => PostgresCopy.DropAsync(copy, cancellationToken);

    /// <inheritdoc />
    public Task KeepCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => PostgresCopy.KeepAsync(copy, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LockHeld>> WatchLocksAsync(string connectionString, Func<Task> work, CancellationToken cancellationToken) =>
        PostgresLockWatch.RunAsync(connectionString, work, cancellationToken);

    /// <inheritdoc />
    public string Redact(string connectionString)
    {
        try
        {
            // The driver's own parser maps every spelling it takes (PSW, PWD, a URI's user:password@) onto its
            // secret properties, so masking those masks them all.
            var builder = PostgresConnectionString.Parse(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
                builder.Password = ConnectionStrings.Mask;
            if (!string.IsNullOrEmpty(builder.SslPassword))
                builder.SslPassword = ConnectionStrings.Mask;
            return builder.ConnectionString;
        }
        catch (ConnectionFailedException)
        {
            return ConnectionStrings.RedactUnparsed(connectionString);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The new shape is a session search_path; Npgsql resets the session (<c>DISCARD ALL</c>) when a connection goes back to
    /// its pool unless told not to, so that reset is switched back on here and the pool can be kept.
    /// </remarks>
    public string NewShapeConnectionString(string connectionString)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        builder.NoResetOnClose = false;
        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken) =>
        AdvisoryLock.AcquireAsync((NpgsqlConnection)connection, wait, onWaiting, cancellationToken);

    /// <inheritdoc />
    public Task<string?> MigrationLockHolderAsync(DbConnection connection, CancellationToken cancellationToken) =>
        AdvisoryLock.HolderAsync((NpgsqlConnection)connection, cancellationToken);

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
    /// <remarks>backend_flush_after (a user setting): the backend asks the kernel to start writing back its writes every so many KB.</remarks>
    public string? BackfillWritebackStatement(int kilobytes) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SET LOCAL backend_flush_after = '{Math.Clamp(kilobytes, 0, 2048)}kB'");

    /// <inheritdoc />
    public string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped) =>
        $"SET {(transactionScoped ? "LOCAL " : "")}lock_timeout = '{((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms'";

    /// <inheritdoc />
    public Task<Schema.SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken) =>
        PostgresSchemaReader.ReadAsync((NpgsqlConnection)connection, schemas, cancellationToken);

    /// <inheritdoc />
    public async Task<(long Rows, string Method)> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var estimate = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(@table)", (NpgsqlConnection)connection);
        estimate.Parameters.AddWithValue("table", table);
        // reltuples is -1 until the table is first vacuumed or analyzed; then it is only an estimate, so count.
        if (await estimate.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long rows && rows >= 0)
            return (rows, "pg_class.reltuples, PostgreSQL's estimate as of the table's last ANALYZE or autovacuum");
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", (NpgsqlConnection)connection);
        return ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, "count(*) when the backfill started");
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<object>>> SplitKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> keys, IReadOnlyList<object>? after,
        int parts, long? rowsEstimate, CancellationToken cancellationToken) =>
        PostgresKeySplit.SplitAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, table, keys, after, parts, rowsEstimate, cancellationToken);

    /// <inheritdoc />
    public Task<WalCounters> ReadWalCountersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresWalCounters.ReadAsync((NpgsqlConnection)connection, cancellationToken);

    /// <inheritdoc />
    public async Task<string?> PressureAsync(DbConnection connection, PressureLimits limits, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pg_stat_activity
                    WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()),
                   (SELECT coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 FROM pg_stat_replication)
            """, (NpgsqlConnection)connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var active = reader.GetInt64(0);
        var lag = TimeSpan.FromSeconds(reader.GetDouble(1));
        if (active > limits.MaxActiveSessions)
            return $"{active} other sessions are active (limit {limits.MaxActiveSessions})";
        if (lag > limits.MaxReplicationLag)
            return $"a replica is {lag.TotalSeconds:0.0} s behind (limit {limits.MaxReplicationLag.TotalSeconds:0.#} s)";
        return null;
    }

    /// <inheritdoc />
    // A deadlock victim gave up waiting too: the server cancelled its wait (and rolled its transaction back) to break a
    // cycle with another session, which then goes on; the same statement run again waits behind it, not in a cycle.
    public bool IsLockTimeout(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected };

    /// <inheritdoc />
    public string? ConnectionLostCause(DbConnection connection, Exception exception) => PostgresConnectionLoss.CauseOf(connection as NpgsqlConnection, exception);

    private static string Reason(Exception e) => e switch
    {
        PostgresException p => p.MessageText,
        _ when e.InnerException is SocketException s => s.Message,
        _ when e.InnerException is TimeoutException or System.IO.IOException => e.InnerException.Message,
        _ => e.Message,
    };
}
