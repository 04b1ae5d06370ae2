using System.Data.Common;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// A real provider behind a decorator: every required member goes to <paramref name="inner"/>, so the database work is
/// real, and a subclass adds (or leaves out) optional capabilities to see how the engine treats a provider without them.
/// </summary>
internal abstract class DelegatingProvider(IDatabaseProvider inner) : IDatabaseProvider
{
    protected IDatabaseProvider Inner => inner;

    public string Name => inner.Name;
    public SqlDialect Dialect => inner.Dialect;

    public SqlSemantics Semantics => inner.Semantics;
    public bool Accepts(string connectionString) => inner.Accepts(connectionString);
    public string CreateTableDdl(StoredTable table) => inner.CreateTableDdl(table);
    public virtual Task<DbConnection> OpenAsync(string connectionString, bool forReading, CancellationToken cancellationToken) => inner.OpenAsync(connectionString, forReading, cancellationToken);
    public string Redact(string connectionString) => inner.Redact(connectionString);
    public string NewShapeConnectionString(string connectionString) => inner.NewShapeConnectionString(connectionString);
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
