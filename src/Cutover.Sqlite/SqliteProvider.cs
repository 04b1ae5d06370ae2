using System.Data.Common;
using Cutover.History;
using Cutover.Sql;
using Microsoft.Data.Sqlite;

namespace Cutover.Sqlite;

/// <summary>The SQLite provider (Microsoft.Data.Sqlite): Cutover's embedded default.</summary>
public sealed class SqliteProvider : IDatabaseProvider, IBackfillWriterProbe, IDatabaseCopier, IReadOnlyInspection, IMigrationLockInspection, Cutover.Operations.IOperationSql
{
    /// <inheritdoc />
    public Cutover.Operations.OperationPlan Plan(Cutover.Operations.OperationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Operation switch
        {
            _ when target.Transform is { } transform => SqliteOperations.Plan(transform, target.Schema) is var plan ? plan with { Restore = SqliteRestore.Of(transform, plan.Archive) } : null!,
            Cutover.Operations.SplitTable split => SqliteSplitTable.Plan(target, split),
            Cutover.Operations.RebuildTable rebuild => SqliteRebuildTable.Plan(target, rebuild),
            Cutover.Operations.ExtractTable extract => SqliteExtractTable.Plan(target, extract),
            Cutover.Operations.RenameTable rename => SqliteRenameTable.Plan(target, rename),
            Cutover.Operations.DropTable drop => SqliteDropTable.Plan(target, drop),
            Cutover.Operations.AddForeignKey fk => SqliteAddForeignKey.Plan(target, fk),
            Cutover.Operations.AddUnique unique => SqliteAddUnique.Plan(target, unique),
            Cutover.Operations.AddCheck check => SqliteAddCheck.Plan(target, check),
            Cutover.Operations.CreateIndex index => SqliteCreateIndex.Plan(target, index),
            Cutover.Operations.CreateTable table => SqliteCreateTable.Plan(target, table),
            _ => throw new InvalidFileException(target.Path, target.Operation.Line, $"{target.Operation.Kind}: not supported on {Semantics.DisplayName}", "write the change as plain steps"),
        };
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>The version of the SQLite library Cutover runs with (bundled with Microsoft.Data.Sqlite).</summary>
    public static async Task<Version> LibraryVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return Version.Parse(connection.ServerVersion);
    }

    /// <inheritdoc />
    public SqlDialect Dialect => SqlDialect.Sqlite;

    /// <inheritdoc />
    public SqlSemantics Semantics { get; } = new()
    {
        DisplayName = "SQLite",
        Identifiers = StringComparer.OrdinalIgnoreCase,
        PrimaryKeyImpliesNotNull = false,
        RowIdColumn = "rowid",
        HasSchemas = false,
        RefusesNotNullColumnWithoutDefault = true,
        BackfillPause = TimeSpan.FromMilliseconds(5),
        BackfillBatchDuration = TimeSpan.FromMilliseconds(100),
        BackfillYieldBatchDuration = TimeSpan.FromMilliseconds(15),
        BackfillYieldPause = TimeSpan.FromMilliseconds(15),
    };

    /// <inheritdoc />
    /// <remarks>PRAGMA data_version: it changes when another connection, in this process or another, commits.</remarks>
    public async Task<long> OthersWriteMarkAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    /// <remarks><c>Data Source=</c>, <c>DataSource=</c> or <c>Filename=</c>.</remarks>
    public bool Accepts(string connectionString) => ConnectionStrings.Keys(connectionString).Any(FileKeys.Contains);

    private static readonly string[] FileKeys = ["data source", "datasource", "filename"];

    /// <inheritdoc />
    public string CreateTableDdl(StoredTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.CreateIfMissingSql(TypeName, "INTEGER PRIMARY KEY AUTOINCREMENT");
    }

    private static string TypeName(StoredType type) => type switch
    {
        // SQLite's INTEGER holds 64 bits; timestamps are ISO-8601 text, which sorts in time order.
        StoredType.Text or StoredType.Timestamp => "TEXT", StoredType.Integer or StoredType.BigInteger => "INTEGER",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken)
    {
        var builder = ParseConnectionString(connectionString);
        if (builder.DataSource.Length == 0 && builder.Mode != SqliteOpenMode.Memory)
        {
            // SQLite takes an empty name for a private temporary database: everything "applied" to it vanishes on close.
            throw new ConnectionFailedException(Redact(connectionString), "the SQLite connection string names no database file (Data Source is empty)",
                "use Data Source=<file>, or Data Source=:memory: for a throwaway in-memory database");
        }
        var file = DatabaseFile(builder);
        var directory = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null && !Directory.Exists(directory))
            throw new ConnectionFailedException(file!, $"cannot open SQLite database {file}: folder {directory} does not exist");
        if (forReading && file is not null && !File.Exists(file))
        {
            // Reading a database that does not exist yet must not create the file: it reads as empty.
            builder = new SqliteConnectionStringBuilder { DataSource = ":memory:" };
        }

        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // Wait for the application's writers rather than failing at once with SQLITE_BUSY.
            command.CommandText = $"PRAGMA busy_timeout = {builder.DefaultTimeout * 1000}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (DatabaseFile(builder) is { } opened)
                await SqliteFileCheck.RequireUsableAsync(connection, opened, !forReading, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw SqliteFileCheck.Problem(builder.DataSource, e);
        }
        catch (ConnectionFailedException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public string Redact(string connectionString)
    {
        try
        {
            // The driver's own parser: it knows which of its keys is the secret, whatever spelling was used.
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
                builder.Password = ConnectionStrings.Mask;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return ConnectionStrings.RedactUnparsed(connectionString);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Unpooled: the new shape is TEMP views and triggers, and a pooled SQLite connection keeps its TEMP objects when it is
    /// closed, so it would serve the next request the new shape whatever its flag says (and, after complete, views over
    /// views complete dropped). Opening a SQLite file costs tens of microseconds.
    /// </remarks>
    public string NewShapeConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <inheritdoc />
    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var path = LockPath(connection);
        return path is null
            ? Task.FromResult<IAsyncDisposable>(FileLock.None)
            : FileLock.AcquireAsync(path, wait, onWaiting, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string?> MigrationLockHolderAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult(LockPath(connection) is { } path ? FileLock.PeekHolder(path) : null);

    /// <summary>The lock file beside the database file; null for an in-memory database, which only its own connection sees.</summary>
    private static string? LockPath(DbConnection connection) =>
        DatabaseFile(new SqliteConnectionStringBuilder(connection.ConnectionString)) is { } file ? Path.GetFullPath(file) + ".cutover-lock" : null;

    /// <inheritdoc />
    public Task BeforeMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "PRAGMA foreign_keys = OFF", cancellationToken);

    /// <inheritdoc />
    public Task AfterMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "PRAGMA foreign_keys = ON", cancellationToken);

    /// <inheritdoc />
    public async Task VerifyBeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA foreign_key_check";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var violations = new List<string>();
        var count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (count++ < 3)
                violations.Add($"{reader.GetString(0)} row {(reader.IsDBNull(1) ? "?" : reader.GetValue(1))} references a missing {reader.GetString(2)} row");
        }
        if (count > 0)
        {
            throw new CommitRefusedException(
                $"foreign key check failed: {count} violation(s), e.g. {string.Join("; ", violations)}",
                "the step's transaction was rolled back; fix or delete the orphaned rows in the migration before its constraint is checked");
        }
    }

    /// <inheritdoc />
    public Task<Schema.SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken) =>
        SqliteSchemaReader.ReadAsync((SqliteConnection)connection, cancellationToken);

    /// <inheritdoc />
    public string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped) => null;

    /// <inheritdoc />
    /// <remarks>The row count ANALYZE recorded in sqlite_stat1 when there is one, else count(*) (<see cref="SqliteRowEstimate"/>).</remarks>
    public Task<(long Rows, string Method)> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        return SqliteRowEstimate.EstimateAsync(connection, table, cancellationToken);
    }

    /// <inheritdoc />
    public bool IsLockTimeout(Exception exception) => false;

    private static SqliteConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            var redacted = ConnectionStrings.RedactUnparsed(connectionString);
            throw new ConnectionFailedException(redacted, $"bad SQLite connection string '{redacted}': {e.Message.ReplaceLineEndings(" ")}", inner: e);
        }
    }

    /// <inheritdoc />
    public Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken) =>
        SqliteCopy.CopyAsync(ParseConnectionString(sourceConnectionString), into, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A deferred transaction only reads: it takes no write lock, and in WAL mode sees one snapshot.</remarks>
    public string BeginReadOnlyTransactionSql => "BEGIN DEFERRED";

    /// <inheritdoc />
    public Task<TableColumns?> ReadTableColumnsAsync(DbConnection connection, string? schema, string name, string sql, CancellationToken cancellationToken) =>
        SqliteTableColumns.ReadAsync(connection, schema, name, cancellationToken);

    /// <inheritdoc />
    public Task DropCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => SqliteCopy.DropAsync(copy);

    /// <inheritdoc />
    public Task KeepCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => SqliteCopy.KeepAsync(copy);

    /// <summary>The database file, or null for an in-memory database (which needs no lock file).</summary>
    private static string? DatabaseFile(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : builder.DataSource;

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

}
