using System.Data.Common;
using Cutover.History;
using Cutover.Sql;
using Microsoft.Data.Sqlite;

namespace Cutover.ExampleProvider;

/// <summary>
/// A Cutover provider for SQLite written against the engine's public API only: the worked example of
/// docs/library.md ("Writing a provider"). Where the shipped <c>Cutover.Sqlite</c> makes a choice, this one
/// deliberately makes another, so the conformance suite shows that the engine depends on the contract of
/// <see cref="IDatabaseProvider"/>, not on one implementation of it:
/// <list type="bullet">
/// <item>connection strings are <c>example:&lt;path to the database file&gt;</c>, which no shipped provider claims;</item>
/// <item>the migration lock is a row in a table of the database (<see cref="RowLock"/>), not an OS lock on a file beside it;</item>
/// <item>Cutover's tables are STRICT tables;</item>
/// <item>a statement that gave up waiting for SQLite's write lock (SQLITE_BUSY) counts as a lock timeout, so the engine's retries apply;</item>
/// <item>it implements none of the optional capabilities (<see cref="IBackfillPressureProbe"/>, <see cref="ITableLockWatcher"/>,
/// <see cref="IDatabaseCopier"/>): it cannot rehearse, and it never holds a backfill back.</item>
/// </list>
/// </summary>
public sealed class ExampleSqliteProvider : IDatabaseProvider
{
    /// <summary>What every connection string of this provider starts with.</summary>
    public const string Prefix = "example:";

    /// <summary>How long a statement waits for another connection's write lock before SQLite reports it busy.</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private const string Hint = "give the connection as example:<path to the database file>";

    /// <inheritdoc />
    public string Name => "example-sqlite";

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
    };

    /// <inheritdoc />
    /// <remarks>
    /// Only <c>example:…</c>. Such a string has no <c>key=value</c> pair, so <c>Cutover.Sqlite</c> (which looks for a
    /// Data Source key) and <c>Cutover.Postgres</c> (server keys, postgres:// URIs) never claim it, and this provider
    /// claims none of theirs.
    /// </remarks>
    public bool Accepts(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return connectionString.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The database file an <c>example:</c> connection string names.</summary>
    public static string FileOf(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            throw new ConnectionFailedException(text, $"'{text}' is not an example-sqlite connection string", Hint);
        var file = text[Prefix.Length..].Trim();
        // Every connection to :memory: is a database of its own: migrating one would be lost at once.
        if (file.Length == 0 || file.Equals(":memory:", StringComparison.OrdinalIgnoreCase))
            throw new ConnectionFailedException(text, $"'{text}' names no database file", Hint);
        return file;
    }

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(FileOf(connectionString));
        var folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder))
            throw new ConnectionFailedException(file, $"cannot open {file}: folder {folder} does not exist", Hint);

        // No pooling: every connection is opened fresh, so a setting a migration changed (foreign keys off) can never
        // reach the application through a pooled connection.
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false };
        if (forReading && !File.Exists(file))
        {
            // The contract: reading must not create the database. A missing file reads as an empty database.
            builder.DataSource = ":memory:";
        }

        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Foreign keys on whatever the library's compile-time default is; a migration turns them off for itself.
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionFailedException(file, $"cannot open {file}: {e.Message.ReplaceLineEndings(" ")}", Hint, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>An <c>example:</c> string is a file path and holds no secret.</remarks>
    public string Redact(string connectionString) => connectionString;

    /// <inheritdoc />
    /// <remarks>This provider's connections are never pooled, so a connection's TEMP objects die with it.</remarks>
    public string NewShapeConnectionString(string connectionString) => connectionString;

    /// <inheritdoc />
    /// <remarks>
    /// The tables and columns are the engine's (<see cref="HistorySchema.Tables"/>); the types are this provider's choice. STRICT
    /// tables make SQLite refuse a value of the wrong type instead of storing it silently.
    /// </remarks>
    public string CreateTableDdl(StoredTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns.Select(c => c.Type switch
        {
            StoredType.Identity => $"{c.Name} INTEGER PRIMARY KEY AUTOINCREMENT",
            // STRICT has no timestamp type: ISO-8601 text sorts in time order.
            _ => $"{c.Name} {(c.Type is StoredType.Text or StoredType.Timestamp ? "TEXT" : "INTEGER")}{(c.Nullable ? "" : " NOT NULL")}{(c.PrimaryKey ? " PRIMARY KEY" : "")}{(c.DefaultZero ? " DEFAULT 0" : "")}",
        });
        return $"CREATE TABLE IF NOT EXISTS {table.Name} ({string.Join(", ", columns)}) STRICT";
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return RowLock.AcquireAsync(connection.ConnectionString, wait, onWaiting, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// SQLite changes a table's shape by rebuilding it (create new, copy, drop old, rename); with foreign keys on,
    /// dropping the old table would cascade into its children. The pragma is a no-op inside a transaction, which is
    /// why the engine calls this outside one.
    /// </remarks>
    public Task BeforeMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA foreign_keys = OFF", cancellationToken);

    /// <inheritdoc />
    public Task AfterMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON", cancellationToken);

    /// <inheritdoc />
    /// <remarks>With foreign keys off during the migration, this is where a broken reference is caught, before commit.</remarks>
    public async Task VerifyBeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT \"table\", \"parent\", count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var broken = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            broken.Add($"{reader.GetInt64(2)} row(s) of {reader.GetString(0)} reference missing {reader.GetString(1)} rows");
        if (broken.Count > 0)
        {
            throw new CommitRefusedException($"foreign key check failed: {string.Join("; ", broken)}",
                "the step was rolled back; delete or fix the orphaned rows in the migration");
        }
    }

    /// <inheritdoc />
    /// <remarks>SQLite locks the whole database, never a table, and has no setting for it: the busy timeout covers it.</remarks>
    public string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped) => null;

    /// <inheritdoc />
    public Task<Schema.SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken) =>
        ExampleSchemaReader.ReadAsync(connection, cancellationToken);

    /// <inheritdoc />
    /// <remarks>SQLite keeps no row estimate unless ANALYZE ran; counting is exact and, for a backfill's ETA, cheap enough.</remarks>
    public async Task<(long Rows, string Method)> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        var rows = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return (rows, "counted");
    }

    /// <inheritdoc />
    /// <remarks>
    /// SQLITE_BUSY (another connection holds the write lock past the busy timeout) and SQLITE_LOCKED are this
    /// database's lock timeouts: the statement did not run, so the engine may retry it.
    /// </remarks>
    public bool IsLockTimeout(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
