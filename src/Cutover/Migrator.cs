using Cutover.Backfill;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cutover;

/// <summary>
/// Applies, rolls back and inspects migrations on one database. Everything a migration tool
/// does against a database goes through this type, so an application can do the same in code.
/// Errors meant for the user are thrown as <see cref="CutoverException"/>.
/// </summary>
/// <remarks>
/// A façade: each operation is one workflow in <c>Cutover.Workflows</c>; operations that write run in a
/// <c>MigrationSession</c>, which holds the migration lock. Progress of every long operation is reported as
/// <see cref="RunEvent"/>s.
/// </remarks>
public sealed class Migrator
{
    private readonly MigratorContext _context;
    private readonly ApplyWorkflow _apply;
    private readonly RollbackWorkflow _rollback;
    private readonly InspectionWorkflow _inspection;
    private readonly RepairWorkflow _repair;
    private readonly SchemaWorkflow _schema;
    private readonly BackfillControl _backfills;
    private readonly BackfillWorker _backfillWorker;
    private readonly OperationWorkflow _operations;
    private readonly WindowVerification _window;
    private readonly RolloutWorkflow _rollouts;
    private readonly KeptArchives _archives;

    /// <summary>Creates a migrator for the database and migrations folder in <paramref name="options"/>.</summary>
    /// <exception cref="ConfigurationException">A setting is out of its range (named in <see cref="ConfigurationException.Setting"/>); nothing has connected.</exception>
    public Migrator(CutoverOptions options, IDatabaseProvider provider, ILogger<Migrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        OptionRanges.Check(options);
        _context = new MigratorContext(options, provider, logger ?? (ILogger)NullLogger.Instance);
        _apply = new ApplyWorkflow(_context);
        _rollback = new RollbackWorkflow(_context);
        _inspection = new InspectionWorkflow(_context);
        _repair = new RepairWorkflow(_context);
        _schema = new SchemaWorkflow(_context);
        _backfills = new BackfillControl(_context);
        _backfillWorker = new BackfillWorker(_context, _apply);
        _operations = new OperationWorkflow(_context);
        _window = new WindowVerification(_context, _operations);
        _rollouts = new RolloutWorkflow(_context);
        _archives = new KeptArchives(_context);
    }

    /// <summary>The database, folder and settings this migrator works with.</summary>
    public CutoverOptions Options => _context.Options;

    /// <summary>The provider in use.</summary>
    public IDatabaseProvider Provider => _context.Provider;

    /// <summary>The connection string with secrets removed.</summary>
    public string RedactedConnection => _context.RedactedConnection;

    /// <summary>
    /// Applies pending migrations in id order under the migration lock, resuming one a killed runner left
    /// unfinished. Refuses (and changes nothing) when a migration failed, was edited after it was applied,
    /// or is older than the newest applied one without <see cref="UpOptions.AllowOutOfOrder"/>.
    /// </summary>
    public Task<RunResult> UpAsync(UpOptions? options = null, CancellationToken cancellationToken = default) =>
        _apply.UpAsync(options ?? new UpOptions(), cancellationToken);

    /// <summary>
    /// Rolls back applied migrations, newest first, with the down SQL stored in the history when they were
    /// applied — so a rollback works after a branch switch removed the file. Every migration to roll back
    /// is checked for a down step before the first one runs.
    /// </summary>
    public Task<RunResult> DownAsync(DownOptions? options = null, CancellationToken cancellationToken = default) =>
        _rollback.DownAsync(options ?? new DownOptions(), cancellationToken);

    /// <summary>
    /// Rolls back the newest applied migration and applies its current file again, under one lock, then
    /// proves the round trip: the schema after down must equal the one recorded before the migration was
    /// applied (when a run stopped there), and the schema after up must equal the one before redo. A
    /// difference fails the command with the list of changes; the migration stays applied.
    /// </summary>
    public Task<RunResult> RedoAsync(IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default) =>
        _rollback.RedoAsync(progress, cancellationToken);

    /// <summary>Where every migration stands: files compared with the history table. Writes nothing.</summary>
    public Task<StatusReport> StatusAsync(CancellationToken cancellationToken = default) =>
        _inspection.StatusAsync(cancellationToken);

    /// <summary>
    /// Whether a runner holds the migration lock now and who, without taking it (a migration, rollback, complete or
    /// backfill may be running). Reads no migration files.
    /// </summary>
    public Task<MigrationLockState> MigrationLockAsync(CancellationToken cancellationToken = default) =>
        _inspection.MigrationLockAsync(cancellationToken);

    /// <summary>
    /// Checks files against the history without changing anything: applied files edited since, applied
    /// migrations whose file is gone, failed or unfinished migrations, and pending files older than the
    /// newest applied one. A malformed file is thrown as bad input.
    /// </summary>
    public Task<ValidationReport> ValidateAsync(CancellationToken cancellationToken = default) =>
        _inspection.ValidateAsync(cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries of the audit log, newest first. Writes nothing.</summary>
    public Task<IReadOnlyList<AuditEntry>> HistoryAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        _inspection.HistoryAsync(limit, cancellationToken);

    /// <summary>
    /// Marks an existing database, whose schema was made by other means, as being at <paramref name="id"/>:
    /// migration files up to and including it count as applied and are never run. Only on an empty history.
    /// </summary>
    public Task BaselineAsync(string id, CancellationToken cancellationToken = default) =>
        _repair.BaselineAsync(id, cancellationToken);

    /// <summary>
    /// Clears failed records so the next run can continue: a migration that failed before anything of it
    /// was applied is removed from the history; one that failed part-way resumes at the failed step and
    /// statement. With <see cref="RepairOptions.AcceptChecksums"/>, applied files that were edited have
    /// their new checksum and down SQL recorded. Every action is written to the audit log; returns them.
    /// </summary>
    public Task<IReadOnlyList<string>> RepairAsync(RepairOptions? options = null, CancellationToken cancellationToken = default) =>
        _repair.RepairAsync(options ?? new RepairOptions(), cancellationToken);

    /// <summary>
    /// Reads the live database's schema model (Cutover's own tables excluded). Writes nothing; a SQLite
    /// file that does not exist reads as an empty schema.
    /// </summary>
    public Task<SchemaModel> ReadSchemaAsync(CancellationToken cancellationToken = default) =>
        _schema.ReadSchemaAsync(cancellationToken);

    /// <summary>
    /// Compares the live schema with the one recorded (in <c>cutover_schema</c>) after the last up, down,
    /// redo or baseline, and names every change made outside migrations. Writes nothing. Fails when no
    /// schema has been recorded yet.
    /// </summary>
    public Task<DriftReport> DriftAsync(CancellationToken cancellationToken = default) =>
        _schema.DriftAsync(cancellationToken);

    /// <summary>Every backfill's checkpoint, by id. State lives in the database, so this works from any machine.</summary>
    public Task<IReadOnlyList<BackfillStatus>> BackfillStatusAsync(CancellationToken cancellationToken = default) =>
        _backfills.StatusAsync(cancellationToken);

    /// <summary>Pauses a backfill: runners finish the batch in flight and wait (the foreground <c>up</c>) or move on (workers).</summary>
    public Task<BackfillStatus> PauseBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        _backfills.PauseAsync(id, cancellationToken);

    /// <summary>Lets a paused, cancelled or failed backfill run again from its checkpoint.</summary>
    public Task<BackfillStatus> ResumeBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        _backfills.ResumeAsync(id, cancellationToken);

    /// <summary>
    /// Cancels a backfill: runners stop after the batch in flight and no runner starts it again. Batches done stay
    /// done; resume it, or roll its migration back with <see cref="DownAsync"/>.
    /// </summary>
    public Task<BackfillStatus> CancelBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        _backfills.CancelAsync(id, cancellationToken);

    /// <summary>
    /// The background runner (a tool's, or <see cref="Hosting.BackfillWorkerService"/> in an
    /// application): runs every queued or running backfill to its end, then applies the rest of its migration
    /// (and whatever that defers next). With <paramref name="once"/> it returns when nothing is left to do;
    /// otherwise it keeps looking every few seconds until cancelled. A backfill whose batch fails is reported and
    /// left failed (resume it once the cause is fixed); the others continue. Each batch and wait is reported to
    /// <paramref name="progress"/> as a <see cref="BackfillBatch"/> or <see cref="BackfillWaiting"/>.
    /// </summary>
    /// <returns>The backfills it finished or left failed.</returns>
    public Task<IReadOnlyList<BackfillStatus>> RunBackfillsAsync(bool once, IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default) =>
        _backfillWorker.RunAsync(once, progress, cancellationToken);

    /// <summary>
    /// Completes (contracts) the declared operations of an expanded migration: drops what only the old shape needed
    /// (archiving dropped columns' values by key for <see cref="CutoverOptions.ArchiveRetention"/>), renames, validates
    /// constraints, each step under the lock_timeout retry policy. Refuses unless the last verification is clean and newer
    /// than the last backfill batch, unless forced with a reason. An interrupted complete is resumed.
    /// </summary>
    public Task<RunResult> CompleteAsync(string id, Operations.CompleteOptions? options = null, CancellationToken cancellationToken = default) =>
        _operations.CompleteAsync(id, options ?? new Operations.CompleteOptions(), cancellationToken);

    /// <summary>
    /// Aborts the declared operations of a migration that is expanding or expanded: removes the new shape (columns,
    /// triggers, views) with the SQL stored when it was expanded, and its history row. The old shape is left as it was.
    /// </summary>
    public Task<RunResult> AbortAsync(string id, IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default) =>
        _operations.AbortAsync(id, new Operations.AbortOptions { Progress = progress }, cancellationToken);

    /// <summary>
    /// Aborts as <see cref="AbortAsync(string, IProgress{RunEvent}?, CancellationToken)"/> does; refused while a rollout
    /// still sends users to the new shape (<see cref="MigrationConflict.RolloutNotDone"/>) unless forced with a reason.
    /// </summary>
    public Task<RunResult> AbortAsync(string id, Operations.AbortOptions options, CancellationToken cancellationToken = default) =>
        _operations.AbortAsync(id, options, cancellationToken);

    /// <summary>
    /// Compares the old and the new shape of every row of an expanded migration's tables on the live database, batch by
    /// batch over the key, and stores the result (which complete requires). With <see cref="Operations.VerifyOptions.Repair"/>
    /// the mismatching rows are re-derived from the old shape.
    /// </summary>
    public Task<Operations.OperationVerification> VerifyAsync(string id, Operations.VerifyOptions? options = null, CancellationToken cancellationToken = default) =>
        _operations.VerifyAsync(id, options ?? new Operations.VerifyOptions(), cancellationToken);

    /// <summary>
    /// Verifies every migration whose operations are expanded (not those still expanding, nor completed ones), storing
    /// each result as <see cref="VerifyAsync"/> does; never repairs. This is what the background worker runs on a schedule
    /// during the window (<see cref="Hosting.BackfillWorkerOptions.VerifyEvery"/>).
    /// </summary>
    public Task<IReadOnlyList<Operations.OperationVerification>> VerifyExpandedAsync(Operations.VerifyOptions? options = null, CancellationToken cancellationToken = default) =>
        _window.VerifyExpandedAsync(options ?? new Operations.VerifyOptions(), cancellationToken);

    /// <summary>
    /// Every completed operation migration whose archive tables (the data its complete dropped) are still kept, oldest
    /// first, each saying whether its retention window (<see cref="CutoverOptions.ArchiveRetention"/>, from the complete)
    /// has passed. Writes nothing.
    /// </summary>
    public Task<IReadOnlyList<Operations.ArchivedMigration>> ArchivesAsync(CancellationToken cancellationToken = default) =>
        _archives.ListAsync(cancellationToken);

    /// <summary>
    /// Drops the archive tables of every completed operation migration whose retention window has passed — such a
    /// migration can no longer be rolled back (<see cref="DownAsync"/> refuses it), so its archive is only space. Each
    /// migration's purge is one transaction under the migration lock: the drops, its stored plan no longer listing them, and
    /// a <c>purge</c> entry in the audit log. A migration still inside its window is never touched; with nothing expired it
    /// takes no lock and writes nothing. This is what the background worker runs on a schedule
    /// (<see cref="Hosting.BackfillWorkerOptions.PurgeArchivesEvery"/>).
    /// </summary>
    /// <returns>What was dropped, per migration; empty when nothing had expired.</returns>
    public Task<IReadOnlyList<Operations.PurgedArchives>> PurgeArchivesAsync(CancellationToken cancellationToken = default) =>
        _archives.PurgeAsync(cancellationToken);

    /// <summary>
    /// Changes who gets the new shape of <paramref name="id"/>'s expanded operations (null parts of
    /// <paramref name="change"/> stay as they are), logged in the audit log; no DDL, no migration lock.
    /// </summary>
    /// <exception cref="MigrationStateException">The migration's operations are not expanded (<see cref="MigrationConflict.OperationPhase"/>).</exception>
    /// <exception cref="InvalidOptionException">A percentage outside 0 to 100, a blank name, or nothing to change.</exception>
    public Task<Rollouts.RolloutState> RolloutAsync(string id, Rollouts.RolloutChange change, CancellationToken cancellationToken = default) =>
        _rollouts.ChangeAsync(id, change, cancellationToken);

    /// <summary>
    /// What an application needs to give a request the old or the new shape of <paramref name="id"/>, read from Cutover's
    /// tables alone (no migration files): whether both shapes are live, the rollout, and the new shape's statements.
    /// </summary>
    public Task<Rollouts.ShapeSnapshot> ShapeSnapshotAsync(string id, CancellationToken cancellationToken = default) =>
        _rollouts.SnapshotAsync(id, cancellationToken);

    /// <summary>Every rollout of a migration whose operations are in flight.</summary>
    public Task<IReadOnlyList<Rollouts.RolloutState>> RolloutsAsync(CancellationToken cancellationToken = default) =>
        _rollouts.ListAsync(cancellationToken);

    /// <summary>
    /// The statements an application of the new version runs on each of its connections to see the new shape of every
    /// migration up to <paramref name="upTo"/> (all when null) whose operations are expanded: on PostgreSQL the
    /// search_path that puts the migration's schema of views first, on SQLite TEMP views and triggers.
    /// </summary>
    public Task<IReadOnlyList<string>> NewShapeStatementsAsync(string? upTo = null, CancellationToken cancellationToken = default) =>
        _operations.ShapeAsync(upTo, cancellationToken);

    /// <summary>
    /// Gives <paramref name="connection"/> (an open connection of the application) the new version's shape of every
    /// migration up to <paramref name="upTo"/> whose operations are expanded, by running
    /// <see cref="NewShapeStatementsAsync"/> on it. A connection that has not called it sees the old shape.
    /// </summary>
    public async Task UseNewShapeAsync(System.Data.Common.DbConnection connection, string? upTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var statement in await NewShapeStatementsAsync(upTo, cancellationToken).ConfigureAwait(false))
            await History.DbCommands.ExecuteAsync(connection, null, statement, cancellationToken).ConfigureAwait(false);
    }
}
