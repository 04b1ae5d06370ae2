using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Cutover.Backfill;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// What every workflow of one <see cref="Migrator"/> shares: its settings, provider, logger and audit log, and the
/// reads they all start with (the migration files, and the plan that compares them with the history).
/// </summary>
internal sealed class MigratorContext(CutoverOptions options, IDatabaseProvider provider, ILogger logger)
{
    /// <summary>Recorded in every history row, so a row says which version of Cutover wrote it.</summary>
    public static readonly string ToolVersion =
        typeof(Migrator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public CutoverOptions Options => options;

    public IDatabaseProvider Provider => provider;

    public ILogger Logger => logger;

    public AuditLog Audit { get; } = new(options.AppliedBy, Environment.MachineName);

    /// <summary>The connection string with secrets removed.</summary>
    public string RedactedConnection => provider.Redact(options.ConnectionString);

    public Task<DbConnection> OpenAsync(bool forReading, CancellationToken cancellationToken) =>
        provider.OpenAsync(options.ConnectionString, forReading, cancellationToken);

    public async Task<IReadOnlyList<MigrationFile>> LoadFilesAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = options.MigrationsAssembly is { } assembly
            ? await MigrationResources.LoadAsync(assembly, options.MigrationsFolder, provider.Dialect, cancellationToken).ConfigureAwait(false)
            : await MigrationFolder.LoadAsync(options.MigrationsFolder, provider.Dialect, cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.FilesRead(logger, files.Count, options.MigrationsFolder, clock.ElapsedMilliseconds);
        return files;
    }

    /// <summary>Reads files and history without taking the lock or writing anything.</summary>
    public async Task<IReadOnlyList<PlannedMigration>> ReadPlanAsync(IReadOnlyList<MigrationFile> files, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var connected = clock.ElapsedMilliseconds;
        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.HistoryRead(logger, connected, history.Count, clock.ElapsedMilliseconds - connected);
        return await PlanAsync(connection, files, history, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan of <paramref name="files"/> against <paramref name="history"/> and the stored plans of operations.</summary>
    public async Task<IReadOnlyList<PlannedMigration>> PlanAsync(
        DbConnection connection, IReadOnlyList<MigrationFile> files, IReadOnlyList<HistoryRecord> history, CancellationToken cancellationToken)
    {
        var operations = files.Any(f => f.HasOperations) || history.Count > 0
            ? await Operations.OperationTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false)
            : [];
        return MigrationPlanner.Plan(files, history, operations, (file, stored) => Operations.OperationExpansion.FromRecord(file, stored, provider));
    }

    public StatusReport Report(IReadOnlyList<PlannedMigration> plan) =>
        new(provider.Name, RedactedConnection, plan.Select(m => m.ToStatus()).ToList());

    public BackfillRunner NewBackfillRunner() =>
        new(provider, options.Backfill, options.Backfills, options.Schemas, Audit, logger, cancellationToken => OpenAsync(forReading: false, cancellationToken));

    /// <summary>A history row by this runner (who, where, which version), for the workflows to fill in.</summary>
    public HistoryRecord NewHistoryRecord(string id, string name, string state) =>
        new(id, name, "", null, state, HistoryStates.Up, 0, 0, null, DateTime.UtcNow, options.AppliedBy, Environment.MachineName, 0, ToolVersion);
}
