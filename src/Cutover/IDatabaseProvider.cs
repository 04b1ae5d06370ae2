using System.Data.Common;
using Cutover.Sql;

namespace Cutover;

/// <summary>
/// The one seam between the engine and a database driver. A provider translates; it holds no
/// migration logic. Implemented by <c>Cutover.Sqlite</c> and <c>Cutover.Postgres</c>. What only some engines can do
/// is in optional interfaces a provider implements or not: <see cref="IBackfillPressureProbe"/>,
/// <see cref="ITableLockWatcher"/>, <see cref="IDatabaseCopier"/>.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>Short name shown to users: <c>sqlite</c> or <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Whether <paramref name="connectionString"/> is for this engine (by its keys or its URI scheme), without
    /// connecting: how a tool picks the provider for a connection string it was given.
    /// </summary>
    bool Accepts(string connectionString);

    /// <summary>The lexical rules used to split this database's SQL into statements.</summary>
    SqlDialect Dialect { get; }

    /// <summary>How this engine treats names, keys and NULLs, for reading migrations before they run.</summary>
    SqlSemantics Semantics { get; }

    /// <summary>
    /// Opens a connection prepared for migrating (application name, busy timeout …). With
    /// <paramref name="forReading"/> the caller only reads, and nothing may be created: a SQLite file that
    /// does not exist yet reads as an empty database instead of being created. Failures to connect are
    /// thrown as a <see cref="ConnectionFailedException"/> with one line naming the server or file.
    /// </summary>
    Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken);

    /// <summary>The connection string with any password removed, safe to print and log.</summary>
    string Redact(string connectionString);

    /// <summary>
    /// The connection string an application opens its connections of a migration's new shape with
    /// (<see cref="Migrator.NewShapeStatementsAsync"/>), so that a pool never hands a connection of one shape to a
    /// request of the other.
    /// </summary>
    string NewShapeConnectionString(string connectionString);

    /// <summary>
    /// Idempotent DDL (<c>CREATE TABLE IF NOT EXISTS</c>) for one of Cutover's own tables, as
    /// <see cref="History.HistorySchema.Tables"/> defines it, in this database's types.
    /// </summary>
    string CreateTableDdl(StoredTable table);

    /// <summary>
    /// Takes the migration lock for the whole run, waiting at most <paramref name="wait"/>.
    /// While waiting, <paramref name="onWaiting"/> receives who holds it. Throws a
    /// <see cref="LockTimeoutException"/> on timeout.
    /// Disposing the result releases the lock.
    /// </summary>
    /// <remarks>
    /// One holder per database at a time — across processes and machines, and also between runners in one process
    /// (the conformance suite starts several in one process). A runner that is killed must not keep the lock: it has
    /// to be released with its connection or process, or be taken over once its holder is known to be gone.
    /// </remarks>
    Task<IAsyncDisposable> AcquireMigrationLockAsync(
        DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken);

    /// <summary>Runs before a migration's steps, outside any transaction (SQLite: foreign keys off).</summary>
    Task BeforeMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs after a migration's steps, outside any transaction, also after a failure.</summary>
    Task AfterMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the work of a transactional step before it commits (SQLite: <c>PRAGMA foreign_key_check</c>);
    /// throws a <see cref="CommitRefusedException"/> naming the violations.
    /// </summary>
    Task VerifyBeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// The statement that limits how long the next statements wait for a table lock, or null where the
    /// database has no such setting. <see cref="TimeSpan.Zero"/> means no limit; <paramref name="transactionScoped"/>
    /// selects <c>SET LOCAL</c>.
    /// </summary>
    string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped);

    /// <summary>
    /// The statement, run at the start of each backfill batch's transaction, that makes the server hand the pages the batch
    /// writes to the disk after every <paramref name="kilobytes"/> KB instead of leaving them dirty in the OS cache until a
    /// writeback flushes gigabytes at once and stalls every commit; null where the engine has no such setting.
    /// </summary>
    string? BackfillWritebackStatement(int kilobytes) => null;

    /// <summary>
    /// Reads the schema model of the objects in <paramref name="schemas"/> (ignored where the database has
    /// only one), excluding Cutover's own tables, with a fixed number of catalog queries.
    /// </summary>
    /// <remarks>Cutover's own tables are those whose name starts with <c>cutover_</c>: a provider's own bookkeeping
    /// (a lock table) takes that prefix too, so it never shows up as drift.</remarks>
    Task<Schema.SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken);

    /// <summary>
    /// The number of rows in <paramref name="table"/> (the table a backfill directive resolved to in the catalog, already
    /// quoted for SQL, e.g. <c>"public"."user"</c>: use it as it is, never unquoted) for a backfill's
    /// progress and ETA, and how it was obtained: cheap where the database keeps an estimate (PostgreSQL's
    /// reltuples, SQLite's sqlite_stat1 once the table is analyzed), otherwise counted.
    /// </summary>
    Task<(long Rows, string Method)> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the exception means a statement gave up waiting for a lock — its lock timeout ran out, or the engine
    /// cancelled it to break a deadlock — so that its transaction rolled back and it may be retried.
    /// </summary>
    bool IsLockTimeout(Exception exception);

    /// <summary>
    /// When <paramref name="exception"/>, thrown on <paramref name="connection"/>, means the connection itself is gone
    /// (the session was terminated, the server shut down or restarted, the network failed), why, in a few words;
    /// otherwise null. The connection is passed because a server may say why before it hangs up (PostgreSQL's immediate
    /// shutdown sends only a warning, then closes the socket). A provider that cannot tell returns null, and the error
    /// is reported as it is.
    /// </summary>
    string? ConnectionLostCause(DbConnection connection, Exception exception) => null;
}

/// <summary>
/// An optional capability of a provider: a signal that the database is under pressure, looked at before backfill
/// batches. A provider without it never holds a backfill back.
/// </summary>
public interface IBackfillPressureProbe
{
    /// <summary>
    /// Why a backfill should wait before its next batch (too many active sessions, a replica lagging), or null when
    /// the database is not under pressure.
    /// </summary>
    Task<string?> PressureAsync(DbConnection connection, PressureLimits limits, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider whose server keeps cumulative counters of its write-ahead log (PostgreSQL's
/// <c>pg_stat_wal</c>, <c>pg_stat_io</c>, checkpoint statistics): read after every batch, their growth tells a backfill what
/// every writer's commit feels — WAL syncs slowing down, checkpoints the backfill's WAL forces — beyond its own commit.
/// </summary>
public interface IBackfillWalProbe
{
    /// <summary>The server-wide counters now; a counter the server does not keep (or the user may not read) is null.</summary>
    Task<WalCounters> ReadWalCountersAsync(DbConnection connection, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider whose engine has one writer at a time and no queue for the lock (SQLite): seeing
/// that other connections write, so a backfill leaves gaps their writes can land in. A provider without it is never
/// paced for other writers (PostgreSQL's writers queue on the rows they need).
/// </summary>
public interface IBackfillWriterProbe
{
    /// <summary>
    /// A number that changes whenever another connection commits a write to the database <paramref name="connection"/> is
    /// open on, and never for this connection's own commits.
    /// </summary>
    Task<long> OthersWriteMarkAsync(DbConnection connection, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider whose engine lets several transactions write one table at once (PostgreSQL's row
/// locks): cutting a backfill's remaining keys into ranges of about equal size, so several workers can each walk one.
/// A provider without it runs every backfill with one worker (SQLite has one writer at a time: more would only take turns).
/// </summary>
public interface IBackfillKeySplitter
{
    /// <summary>
    /// At most <paramref name="parts"/> − 1 keys of <paramref name="table"/>, ascending, that cut the keys after
    /// <paramref name="after"/> (all keys when null) into <paramref name="parts"/> ranges of about as many rows each; each
    /// key returned is the last of its range. Fewer (none) when the table has too few rows to cut. Estimates are fine:
    /// the ranges cover every key whatever their sizes.
    /// </summary>
    /// <param name="connection">An open connection, in <paramref name="transaction"/>.</param>
    /// <param name="transaction">The transaction the ranges are recorded in.</param>
    /// <param name="table">The table, already quoted for SQL.</param>
    /// <param name="keys">The key columns, already quoted for SQL, in the backfill's order.</param>
    /// <param name="after">The last key done, one value per key column; null before the first batch.</param>
    /// <param name="parts">How many ranges are wanted (at least 2).</param>
    /// <param name="rowsEstimate">The table's estimated row count, to size a sample; null when unknown.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<IReadOnlyList<object>>> SplitKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> keys, IReadOnlyList<object>? after,
        int parts, long? rowsEstimate, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider: telling who holds the migration lock without taking it, for a dashboard or a
/// status line. A provider without it cannot say (the lock itself still works).
/// </summary>
public interface IMigrationLockInspection
{
    /// <summary>
    /// Who holds the migration lock of the database <paramref name="connection"/> is open on — as waiters are told it
    /// (a process, user@host or application, client and since when) — or null when nobody does. Must not take the
    /// lock, nor hold up a runner that takes it.
    /// </summary>
    Task<string?> MigrationLockHolderAsync(DbConnection connection, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider: seeing which table locks other sessions hold while a rehearsed migration
/// runs. A provider without it (SQLite locks the whole file, not tables) reports no locks.
/// </summary>
public interface ITableLockWatcher
{
    /// <summary>
    /// Runs <paramref name="work"/> while watching, from a second connection, which table locks other sessions on the
    /// database hold: per table, the strongest lock mode seen and for how long.
    /// </summary>
    Task<IReadOnlyList<LockHeld>> WatchLocksAsync(string connectionString, Func<Task> work, CancellationToken cancellationToken);
}

/// <summary>An optional capability of a provider: copying a database for a rehearsal. Without it a provider cannot rehearse.</summary>
public interface IDatabaseCopier
{
    /// <summary>
    /// Copies the database <paramref name="sourceConnectionString"/> names into a new scratch database, never
    /// writing to the source. <paramref name="into"/> says where the copy goes (a PostgreSQL server
    /// connection; a folder for SQLite); null means beside the source.
    /// </summary>
    Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken);

    /// <summary>Removes a copy made by <see cref="CopyAsync"/>.</summary>
    Task DropCopyAsync(ScratchCopy copy, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a copy as kept on purpose, so that the cleanup of copies whose maker was killed (which
    /// <see cref="CopyAsync"/> does first) leaves it alone.
    /// </summary>
    Task KeepCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The strongest lock a rehearsed migration held on a table, as sampled from pg_locks.</summary>
/// <param name="Table">The table, schema-qualified.</param>
/// <param name="Mode">The lock mode, e.g. <c>AccessExclusiveLock</c>.</param>
/// <param name="HeldMs">For how long that mode was seen held (sampling resolution a few milliseconds).</param>
/// <param name="Blocks">What the mode blocks for other sessions: <c>reads and writes</c>, <c>writes</c> or <c>nothing</c> (ordinary reads and writes).</param>
public sealed record LockHeld(string Table, string Mode, long HeldMs, string Blocks);

/// <summary>A scratch copy of a database, made for a rehearsal.</summary>
/// <param name="ConnectionString">How to reach the copy.</param>
/// <param name="Name">The copy's database name or file.</param>
/// <param name="Method">How it was made: <c>backup API</c>, <c>CREATE DATABASE … TEMPLATE</c> or <c>pg_dump -Fc, then pg_restore --jobs</c>.</param>
public sealed record ScratchCopy(string ConnectionString, string Name, string Method);

/// <summary>
/// An optional capability of a provider: reading a database without changing it, as a rehearsal's data audit and
/// contracts do on the scratch copy. Without it a provider cannot rehearse.
/// </summary>
public interface IReadOnlyInspection
{
    /// <summary>
    /// The statement that starts a transaction in which nothing can be written and every query sees the same data
    /// (PostgreSQL: <c>START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY</c>). The caller ends it with
    /// <c>ROLLBACK</c> and runs each query under a savepoint.
    /// </summary>
    string BeginReadOnlyTransactionSql { get; }

    /// <summary>
    /// A table's columns in order and its primary key's columns in key order, or null when the table does not exist;
    /// read with one catalog query inside the caller's transaction. <paramref name="schema"/> is null for an
    /// unqualified name; <paramref name="sql"/> is the name as written in the migration (quoted where it was).
    /// </summary>
    Task<TableColumns?> ReadTableColumnsAsync(DbConnection connection, string? schema, string name, string sql, CancellationToken cancellationToken);
}

/// <summary>
/// An optional capability of a provider: a query's plan without running it, so a rehearsal can say when a migration
/// changed how a contract query is executed. Without it a rehearsal compares results and timings only.
/// </summary>
public interface IQueryPlanReader
{
    /// <summary>The plan's nodes depth-first in plan order.</summary>
    Task<IReadOnlyList<QueryPlanNode>> ExplainAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken);
}

/// <summary>A table's columns in order and its primary key (empty when it has none).</summary>
/// <param name="Columns">Every column, in table order.</param>
/// <param name="PrimaryKey">The primary key's columns, in key order.</param>
public sealed record TableColumns(IReadOnlyList<string> Columns, IReadOnlyList<string> PrimaryKey)
{
    /// <summary>
    /// From a catalog's rows in column order, each with the column's 1-based position in the primary key (0 when not
    /// in it, as <c>pragma_table_info.pk</c> gives it); null when there are none (the table does not exist).
    /// </summary>
    public static TableColumns? FromKeyPositions(IReadOnlyList<(string Name, long KeyPosition)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Count == 0 ? null : new TableColumns(
            columns.Select(c => c.Name).ToList(),
            columns.Where(c => c.KeyPosition > 0).OrderBy(c => c.KeyPosition).Select(c => c.Name).ToList());
    }
}

/// <summary>One node of a query plan, reduced to what plan comparisons look at.</summary>
/// <param name="NodeType">The planner's node type, e.g. <c>Seq Scan</c>, <c>Index Scan</c>, <c>Hash Join</c>.</param>
/// <param name="Relation">The table the node reads, for scan nodes; otherwise null.</param>
public sealed record QueryPlanNode(string NodeType, string? Relation)
{
    /// <summary><c>Seq Scan on users</c>, or the node type alone.</summary>
    public override string ToString() => Relation is null ? NodeType : $"{NodeType} on {Relation}";
}
