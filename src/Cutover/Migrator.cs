using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cutover;

/// <summary>
/// Applies, rolls back and inspects migrations on one database. Everything a migration tool
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

    /// <summary>The database, folder and settings this migrator works with.</summary>
    public CutoverOptions Options => _options;

    /// <summary>The provider in use.</summary>
    public IDatabaseProvider Provider => _provider;

    /// <summary>The connection string with secrets removed.</summary>
    public string RedactedConnection => _provider.Redact(_options.ConnectionString);

    private async Task<IReadOnlyList<MigrationFile>> LoadFilesAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = await MigrationFolder.LoadAsync(_options.MigrationsFolder, _provider.Dialect, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Read {Count} migration file(s) from {Folder} in {Elapsed} ms", files.Count, _options.MigrationsFolder, clock.ElapsedMilliseconds);
        return files;
    }

    /// <summary>Reads files and history without taking the lock or writing anything.</summary>
    private async Task<IReadOnlyList<PlannedMigration>> ReadPlanAsync(IReadOnlyList<MigrationFile> files, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        var connected = clock.ElapsedMilliseconds;
        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Connected in {Connected} ms; read {Count} history row(s) in {Elapsed} ms", connected, history.Count, clock.ElapsedMilliseconds - connected);
        return MigrationPlanner.Plan(files, history);
    }

    /// <summary>
    /// The shape of every operation that writes. First, without the lock and without writing anything,
    /// <paramref name="select"/> decides what to do from the current plan — so bad input and refusals
    /// never create a file or a table, and a run with nothing to do takes no lock. Then, under the
    /// migration lock, with Cutover's tables created on first use, the history is read again (another
    /// runner may have moved it), <paramref name="select"/> decides again and <paramref name="execute"/> acts.
    /// </summary>
    private async Task<(TResult Result, IReadOnlyList<PlannedMigration> Plan)> UnderLockAsync<TTargets, TResult>(
        IReadOnlyList<MigrationFile> files, IProgress<RunEvent>? progress,
        Func<IReadOnlyList<PlannedMigration>, TTargets> select, Func<TTargets, bool> nothingToDo,
        Func<LockedSession, TTargets, Task<TResult>> execute, TResult nothingDone, CancellationToken cancellationToken, bool deferBackfills = false)
    {
        var current = await ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        if (nothingToDo(select(current)))
            return (nothingDone, current);

        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: false, cancellationToken).ConfigureAwait(false);
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

        var plan = MigrationPlanner.Plan(files, await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false));
        var executor = new StepExecutor(_provider, _options.LockRetry, _logger, async message =>
        {
            progress?.Report(new RunEvent(RunEventKind.Retrying, null, null, 0, 0, message));
            await _audit.AppendAsync(connection, null, "lock", null, "retried", null, message, cancellationToken).ConfigureAwait(false);
        });
        var template = new HistoryRecord("", "", "", null, HistoryStates.Running, HistoryStates.Up, 0, 0, null,
            DateTime.UtcNow, _options.AppliedBy, Environment.MachineName, 0, ToolVersion);
        var session = new LockedSession(connection, plan, new MigrationRunner(_provider, executor, NewBackfillRunner(), _audit, template), deferBackfills);
        var result = await execute(session, select(plan)).ConfigureAwait(false);
        return (result, MigrationPlanner.Plan(files, await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>Runs <paramref name="runOne"/> for each migration <paramref name="select"/> picks, in order, under the lock.</summary>
    private async Task<RunResult> RunEachAsync(
        IReadOnlyList<MigrationFile> files, IProgress<RunEvent>? progress, Func<IReadOnlyList<PlannedMigration>, List<PlannedMigration>> select,
        Func<LockedSession, PlannedMigration, int, int, IProgress<RunEvent>?, CancellationToken, Task<MigrationRun>> runOne,
        Stopwatch clock, CancellationToken cancellationToken, bool deferBackfills = false,
        Func<LockedSession, IReadOnlyList<PlannedMigration>, Task>? checkBeforeWriting = null)
    {
        var (runs, after) = await UnderLockAsync(files, progress, select, targets => targets.Count == 0, async (session, targets) =>
        {
            if (checkBeforeWriting is not null)
                await checkBeforeWriting(session, targets).ConfigureAwait(false);
            var done = new List<MigrationRun>();
            foreach (var target in targets)
            {
                var run = await runOne(session, target, done.Count + 1, targets.Count, progress, cancellationToken).ConfigureAwait(false);
                done.Add(run);
                // Later migrations may depend on the finished data: they wait for the deferred backfill too.
                if (run.DeferredBackfill is not null)
                    break;
            }
            await RecordSchemaAsync(session, cancellationToken).ConfigureAwait(false);
            return done;
        }, [], cancellationToken, deferBackfills).ConfigureAwait(false);
        return new RunResult(false, runs, clock.ElapsedMilliseconds, Report(after));
    }

    /// <summary>
    /// Records the schema the run left (what `drift` will expect) and rewrites the schema file, still under
    /// the lock, so both match the database exactly.
    /// </summary>
    private async Task<SchemaModel> RecordSchemaAsync(LockedSession session, CancellationToken cancellationToken)
    {
        var model = await ReadLiveSchemaAsync(session, cancellationToken).ConfigureAwait(false);
        var history = await HistoryTable.ReadAllAsync(session.Connection, cancellationToken).ConfigureAwait(false);
        var newest = history.Where(r => r.State is HistoryStates.Applied or HistoryStates.Baseline).Select(r => r.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
        await SchemaRecords.AppendAsync(session.Connection, SchemaSnapshot.Of(model), newest, cancellationToken).ConfigureAwait(false);
        if (_options.SchemaFile is { } path)
        {
            try
            {
                await File.WriteAllTextAsync(path, SchemaText.Render(model), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OperationFailedException($"{path}: cannot write the schema file: {e.Message}",
                    "the migrations were applied; fix the schema file's path and dump the schema again to rewrite it", e);
            }
            _logger.LogInformation("Wrote the schema to {Path}", path);
        }
        return model;
    }

    private Task<SchemaModel> ReadLiveSchemaAsync(LockedSession session, CancellationToken cancellationToken) =>
        _provider.ReadSchemaAsync(session.Connection, _options.Schemas, cancellationToken);

    private StatusReport Report(IReadOnlyList<PlannedMigration> plan) =>
        new(_provider.Name, RedactedConnection, plan.Select(m => m.ToStatus()).ToList());

    private Backfill.BackfillRunner NewBackfillRunner() =>
        new(_provider, _options.Backfill, _options.Backfills, _options.Schemas, _audit, _logger);

    /// <summary>What a locked operation works with.</summary>
    private sealed record LockedSession(DbConnection Connection, IReadOnlyList<PlannedMigration> Plan, MigrationRunner Runner, bool DeferBackfills = false);
}
