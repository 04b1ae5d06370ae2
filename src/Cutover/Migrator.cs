using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cutover;

/// <summary>
/// Applies, rolls back and inspects migrations on one database. Everything the <c>cutover</c> CLI
/// does against a database goes through this type, so an application can do the same in code.
/// Errors meant for the user are thrown as <see cref="CutoverException"/>.
/// </summary>
public sealed partial class Migrator
{
    private static readonly string ToolVersion =
        typeof(Migrator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private readonly CutoverOptions _options;
    private readonly IDatabaseProvider _provider;
    private readonly ILogger _logger;
    private readonly AuditLog _audit;

    /// <summary>Creates a migrator for the database and migrations folder in <paramref name="options"/>.</summary>
    public Migrator(CutoverOptions options, IDatabaseProvider provider, ILogger<Migrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        _options = options;
        _provider = provider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _audit = new AuditLog(options.AppliedBy, Environment.MachineName);
    }

    /// <summary>The provider in use.</summary>
    public IDatabaseProvider Provider => _provider;

    /// <summary>The connection string with secrets removed.</summary>
    public string RedactedConnection => _provider.Redact(_options.ConnectionString);

    private Task<IReadOnlyList<MigrationFile>> LoadFilesAsync(CancellationToken cancellationToken) =>
        MigrationFolder.LoadAsync(_options.MigrationsFolder, _provider.Dialect, cancellationToken);

    /// <summary>Reads files and history without taking the lock or writing anything.</summary>
    private async Task<IReadOnlyList<PlannedMigration>> ReadPlanAsync(IReadOnlyList<MigrationFile> files, CancellationToken cancellationToken)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, cancellationToken).ConfigureAwait(false);
        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        return MigrationPlanner.Plan(files, history);
    }

    /// <summary>
    /// Opens a connection, takes the migration lock, creates Cutover's tables on first use and reads the
    /// history; then runs <paramref name="work"/> with it all.
    /// </summary>
    private async Task<T> UnderLockAsync<T>(
        IReadOnlyList<MigrationFile> files, IProgress<RunEvent>? progress,
        Func<LockedSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, cancellationToken).ConfigureAwait(false);
        var waited = Stopwatch.StartNew();
        string? holder = null;
        await using var migrationLock = await _provider.AcquireMigrationLockAsync(connection, _options.LockWait, message =>
        {
            holder = message;
            _logger.LogWarning("Waiting for the migration lock: {Holder}", message);
            progress?.Report(new RunEvent(RunEventKind.WaitingForLock, null, null, 0, 0, message));
        }, cancellationToken).ConfigureAwait(false);
        await HistoryTable.EnsureCreatedAsync(connection, _provider, cancellationToken).ConfigureAwait(false);
        if (holder is not null)
            await _audit.AppendAsync(connection, null, "lock", null, "waited", waited.ElapsedMilliseconds, holder, cancellationToken).ConfigureAwait(false);

        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var executor = new StepExecutor(_provider, _options.LockRetry, _logger, async message =>
        {
            progress?.Report(new RunEvent(RunEventKind.Retrying, null, null, 0, 0, message));
            await _audit.AppendAsync(connection, null, "lock", null, "retried", null, message, cancellationToken).ConfigureAwait(false);
        });
        var template = new HistoryRecord("", "", "", null, HistoryStates.Running, HistoryStates.Up, 0, 0, null,
            DateTime.UtcNow, _options.AppliedBy, Environment.MachineName, 0, ToolVersion);
        var runner = new MigrationRunner(_provider, executor, _audit, template);
        return await work(new LockedSession(connection, MigrationPlanner.Plan(files, history), runner)).ConfigureAwait(false);
    }

    /// <summary>What a locked operation works with.</summary>
    private sealed record LockedSession(DbConnection Connection, IReadOnlyList<PlannedMigration> Plan, MigrationRunner Runner);
}
