using System.Data.Common;
using System.Diagnostics;
using Cutover.Files;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// A connection that holds the migration lock: every operation that writes works in one. Opening it waits for the
/// lock (reporting who holds it), creates Cutover's tables on first use and reads the history again — another runner
/// may have moved it since the caller decided what to do, so the caller decides again from <see cref="Plan"/>.
/// Disposing it releases the lock and closes the connection.
/// </summary>
/// <remarks>
/// Callers decide first from <see cref="MigratorContext.ReadPlanAsync"/>, without the lock and without writing:
/// bad input and refusals never create a file or a table, and a run with nothing to do takes no lock.
/// </remarks>
internal sealed class MigrationSession : IAsyncDisposable
{
    private readonly MigratorContext _context;
    private readonly IReadOnlyList<MigrationFile> _files;
    private readonly IAsyncDisposable _migrationLock;
    private readonly MigrationRunner _runner;
    private readonly IProgress<RunEvent>? _progress;
    private readonly bool _deferBackfills;

    private MigrationSession(
        MigratorContext context, IReadOnlyList<MigrationFile> files, DbConnection connection, IAsyncDisposable migrationLock,
        IReadOnlyList<PlannedMigration> plan, MigrationRunner runner, IProgress<RunEvent>? progress, bool deferBackfills)
    {
        _context = context;
        _files = files;
        Connection = connection;
        _migrationLock = migrationLock;
        Plan = plan;
        _runner = runner;
        _progress = progress;
        _deferBackfills = deferBackfills;
    }

    /// <summary>The locked connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>Where every migration stood when the lock was taken.</summary>
    public IReadOnlyList<PlannedMigration> Plan { get; }

    /// <summary>
    /// Takes the migration lock for <paramref name="files"/>' migrations. With <paramref name="deferBackfills"/>, a
    /// migration applied in this session stops at its backfill and leaves it to a background runner.
    /// </summary>
    public static async Task<MigrationSession> OpenAsync(
        MigratorContext context, IReadOnlyList<MigrationFile> files, IProgress<RunEvent>? progress, bool deferBackfills, CancellationToken cancellationToken)
    {
        var connection = await context.OpenAsync(forReading: false, cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? migrationLock = null;
        try
        {
            var waited = Stopwatch.StartNew();
            string? holder = null;
            migrationLock = await context.Provider.AcquireMigrationLockAsync(connection, context.Options.LockWait, message =>
            {
                holder = message;
                Logging.CutoverLog.WaitingForLock(context.Logger, message);
                progress?.Report(new WaitingForLock(message));
            }, cancellationToken).ConfigureAwait(false);
            Telemetry.CutoverTelemetry.LockTaken(waited.Elapsed, waitedForAnother: holder is not null);
            await HistoryTable.EnsureCreatedAsync(connection, context.Provider, cancellationToken).ConfigureAwait(false);
            if (holder is not null)
                await context.Audit.AppendAsync(connection, null, "lock", null, "waited", waited.ElapsedMilliseconds, holder, cancellationToken).ConfigureAwait(false);

            var plan = await context.PlanAsync(connection, files, await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var executor = new StepExecutor(context.Provider, context.Options.LockRetry, context.Logger, async message =>
            {
                progress?.Report(new LockTimeoutRetry(message));
                await context.Audit.AppendAsync(connection, null, "lock", null, "retried", null, message, cancellationToken).ConfigureAwait(false);
            });
            var runner = new MigrationRunner(context.Provider, executor, context.NewBackfillRunner(), context.Audit, context.NewHistoryRecord("", "", HistoryStates.Running),
                new ConnectionLossReport(ct => context.OpenAsync(forReading: false, ct), context.Audit));
            return new MigrationSession(context, files, connection, migrationLock, plan, runner, progress, deferBackfills);
        }
        catch
        {
            if (migrationLock is not null)
                await migrationLock.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies <paramref name="target"/> (resuming it when a killed runner left it unfinished), the <paramref name="index"/>th of <paramref name="total"/> in this run.</summary>
    public Task<MigrationRun> ApplyAsync(PlannedMigration target, int index, int total, CancellationToken cancellationToken) =>
        Telemetry.CutoverTelemetry.InSpanAsync("cutover.migration", MigrationTags(target, "up"), async _ =>
        {
            var run = await ApplyUntracedAsync(target, index, total, cancellationToken).ConfigureAwait(false);
            // A migration stopped at a deferred backfill is not applied yet: the worker finishes it.
            if (run.DeferredBackfill is null)
                Telemetry.CutoverTelemetry.MigrationDone(run.Id, "up");
            return run;
        });

    private static System.Diagnostics.ActivityTagsCollection MigrationTags(PlannedMigration target, string direction) => new()
    {
        [Telemetry.CutoverTelemetry.MigrationId] = target.Id,
        [Telemetry.CutoverTelemetry.MigrationName] = target.Name,
        [Telemetry.CutoverTelemetry.Direction] = direction,
    };

    private async Task<MigrationRun> ApplyUntracedAsync(PlannedMigration target, int index, int total, CancellationToken cancellationToken)
    {
        var file = target.File!;
        _progress?.Report(new MigrationStarted(file.Id, file.Name, Direction.Up, index, total));
        Logging.CutoverLog.Applying(_context.Logger, file.FileName);
        var resume = target.State is MigrationState.Interrupted or MigrationState.Backfilling ? target.Record : null;
        if (file.HasOperations)
            file = await ExpandAsync(file, cancellationToken).ConfigureAwait(false);
        var outcome = await _runner.ApplyAsync(Connection, file, resume, _deferBackfills, _progress, cancellationToken).ConfigureAwait(false);
        _progress?.Report(new MigrationFinished(file.Id, file.Name, Direction.Up, index, total));
        return new MigrationRun(file.Id, file.Name, Direction.Up, outcome.DurationMs, PlannedSteps.Of(file.UpSteps), outcome.RowsChanged, outcome.DeferredBackfill);
    }

    /// <summary>Runs the complete phase of <paramref name="target"/>'s operations (resuming an interrupted one).</summary>
    public async Task<MigrationRun> CompleteAsync(PlannedMigration target, IReadOnlyList<SqlCommandText> onDone, CancellationToken cancellationToken)
    {
        _progress?.Report(new MigrationStarted(target.Id, target.Name, Direction.Up, 1, 1));
        Logging.CutoverLog.Completing(_context.Logger, target.Id, target.Name);
        var steps = Operations.OperationExpansion.CompleteSteps(target.Id, target.Name, target.Operation!, _context.Provider);
        var archives = target.Operation!.Phases.Archives;
        var down = target.Operation.Phases.Restore
            ?? $"-- cutover:irreversible its operations were completed: the old shape was dropped{(archives.Count > 0 ? $" (its data is kept in {string.Join(", ", archives)})" : "")}\n";
        var outcome = await _runner.CompleteAsync(Connection, target.Record!, steps, down, onDone, cancellationToken).ConfigureAwait(false);
        _progress?.Report(new MigrationFinished(target.Id, target.Name, Direction.Up, 1, 1));
        return new MigrationRun(target.Id, target.Name, Direction.Up, outcome.DurationMs, PlannedSteps.Of(steps.UpSteps), outcome.RowsChanged);
    }

    /// <summary>
    /// The steps a file with operations runs: generated against the live catalog and stored (with the SQL of its later
    /// phases) before the first of them runs, so that a resumed run, complete and abort use exactly that plan. A file
    /// already expanded (the plan was read from the store) is returned as it is.
    /// </summary>
    private async Task<MigrationFile> ExpandAsync(MigrationFile file, CancellationToken cancellationToken)
    {
        if (!file.Steps.Any(s => s.Kind == StepKind.Operation))
            return file;
        var model = await ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var expanded = Operations.OperationExpansion.Generate(file, _context.Provider, model, _context.Options.Schemas);
        await Operations.OperationGuards.CheckAsync(Connection, file.Path, expanded.Guards, cancellationToken).ConfigureAwait(false);
        var plan = await ReadPlanAsync(cancellationToken).ConfigureAwait(false);
        foreach (var other in plan.Where(m => m.Operation is { CompletedAt: null } && m.Id != file.Id))
        {
            var shared = other.Operation!.Tables.Intersect(expanded.Record.Tables, StringComparer.Ordinal).ToList();
            if (shared.Count > 0)
                throw new MigrationStateException(file.Id, MigrationConflict.OperationOverlap,
                    $"{file.Path}: its operations change {string.Join(", ", shared)}, which migration {other.Id} ({other.Name}) is changing too (it is {other.Phase})",
                    $"complete or abort {other.Id} first, then apply this one");
        }
        await DbCommands.ExecuteBatchAsync(Connection, null,
            [Operations.OperationTable.Insert(expanded.Record), _context.Audit.Entry("expand", file.Id, "planned", null, $"operations on {string.Join(", ", expanded.Record.Tables)}")],
            cancellationToken).ConfigureAwait(false);
        return expanded.File;
    }

    /// <summary>Rolls back <paramref name="target"/> with the down steps stored when it was applied, the <paramref name="index"/>th of <paramref name="total"/> in this run.</summary>
    public Task<MigrationRun> RollBackAsync(PlannedMigration target, int index, int total, CancellationToken cancellationToken) =>
        Telemetry.CutoverTelemetry.InSpanAsync("cutover.migration", MigrationTags(target, "down"), async _ =>
        {
            var run = await RollBackUntracedAsync(target, index, total, cancellationToken).ConfigureAwait(false);
            Telemetry.CutoverTelemetry.MigrationDone(run.Id, "down");
            return run;
        });

    private async Task<MigrationRun> RollBackUntracedAsync(PlannedMigration target, int index, int total, CancellationToken cancellationToken)
    {
        _progress?.Report(new MigrationStarted(target.Id, target.Name, Direction.Down, index, total));
        Logging.CutoverLog.RollingBack(_context.Logger, target.Id, target.Name);
        var script = target.StoredDownScript(_context.Provider.Dialect);
        var outcome = await _runner.RollBackAsync(Connection, target.Record!, script, cancellationToken).ConfigureAwait(false);
        _progress?.Report(new MigrationFinished(target.Id, target.Name, Direction.Down, index, total));
        return new MigrationRun(target.Id, target.Name, Direction.Down, outcome.DurationMs, PlannedSteps.Of(script.DownSteps), outcome.RowsChanged);
    }

    /// <summary>The live schema, read on the locked connection.</summary>
    public Task<SchemaModel> ReadSchemaAsync(CancellationToken cancellationToken) =>
        _context.Provider.ReadSchemaAsync(Connection, _context.Options.Schemas, cancellationToken);

    /// <summary>
    /// Records the schema the run left (what drift detection will expect) and rewrites the schema file, still under
    /// the lock, so both match the database exactly. <paramref name="done"/> says what the run did, for the error when the
    /// schema file cannot be written (the run itself stands).
    /// </summary>
    public async Task<SchemaModel> RecordSchemaAsync(string done, CancellationToken cancellationToken)
    {
        var model = await ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var history = await HistoryTable.ReadAllAsync(Connection, cancellationToken).ConfigureAwait(false);
        var newest = history.Where(r => r.State is HistoryStates.Applied or HistoryStates.Baseline).Select(r => r.Id).DefaultIfEmpty().Max(StringComparer.Ordinal);
        await SchemaRecords.AppendAsync(Connection, SchemaSnapshot.Of(model), newest, cancellationToken).ConfigureAwait(false);
        if (_context.Options.SchemaFile is { } path)
        {
            try
            {
                await File.WriteAllTextAsync(path, SchemaText.Render(model), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OperationFailedException($"{path}: cannot write the schema file: {e.Message}",
                    $"{done}; fix the schema file's path and dump the schema again to rewrite it", e);
            }
            Logging.CutoverLog.SchemaWritten(_context.Logger, path);
        }
        return model;
    }

    /// <summary>Where every migration stands now, read on the locked connection.</summary>
    public async Task<IReadOnlyList<PlannedMigration>> ReadPlanAsync(CancellationToken cancellationToken) =>
        await _context.PlanAsync(Connection, _files, await HistoryTable.ReadAllAsync(Connection, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the lock, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _migrationLock.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
