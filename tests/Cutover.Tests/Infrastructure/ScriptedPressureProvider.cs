using System.Data.Common;
using Cutover.Backfill;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// A real provider whose pressure signal says what a test scripts: the backfill runner's reaction to a database under
/// pressure (wait, log it once, count the wait) tested on any engine, without overloading a server. Counts the probes.
/// Everything else goes to the real provider, so the database work is real; it has none of the other optional capabilities.
/// </summary>
internal sealed class ScriptedPressureProvider(IDatabaseProvider inner, Func<int, string?> pressureAtProbe) : IDatabaseProvider, IBackfillPressureProbe
{
    private int _probes;

    /// <summary>How many times the runner asked for the pressure.</summary>
    public int Probes => Volatile.Read(ref _probes);

    public Task<string?> PressureAsync(DbConnection connection, PressureLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult(pressureAtProbe(Interlocked.Increment(ref _probes)));

    public string Name => inner.Name;
    public SqlDialect Dialect => inner.Dialect;
    public bool Accepts(string connectionString) => inner.Accepts(connectionString);
    public string CreateTableDdl(StoredTable table) => inner.CreateTableDdl(table);
    public Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken) => inner.OpenAsync(connectionString, forReading, cancellationToken);
    public string Redact(string connectionString) => inner.Redact(connectionString);
    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken) =>
        inner.AcquireMigrationLockAsync(connection, wait, onWaiting, cancellationToken);
    public Task BeforeMigrationAsync(DbConnection connection, CancellationToken cancellationToken) => inner.BeforeMigrationAsync(connection, cancellationToken);
    public Task AfterMigrationAsync(DbConnection connection, CancellationToken cancellationToken) => inner.AfterMigrationAsync(connection, cancellationToken);
    public Task VerifyBeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => inner.VerifyBeforeCommitAsync(connection, transaction, cancellationToken);
    public string? LockTimeoutStatement(TimeSpan timeout, bool transactionScoped) => inner.LockTimeoutStatement(timeout, transactionScoped);
    public Task<SchemaModel> ReadSchemaAsync(DbConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken) => inner.ReadSchemaAsync(connection, schemas, cancellationToken);
    public Task<(long Rows, string Method)> EstimateRowsAsync(DbConnection connection, string table, CancellationToken cancellationToken) => inner.EstimateRowsAsync(connection, table, cancellationToken);
    public bool IsLockTimeout(Exception exception) => inner.IsLockTimeout(exception);
}
