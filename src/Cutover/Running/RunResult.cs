using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Running;

/// <summary>Which way a migration was run.</summary>
public enum Direction
{
    /// <summary>Applied.</summary>
    Up,
    /// <summary>Rolled back.</summary>
    Down,
}

/// <summary>One step as a dry run would execute it.</summary>
/// <param name="Kind">The step's kind.</param>
/// <param name="Statements">Its statements with their lines.</param>
public sealed record PlannedStep(StepKind Kind, IReadOnlyList<SqlStatement> Statements);

/// <summary>One migration processed by a run.</summary>
/// <param name="Id">The 14-digit id.</param>
/// <param name="Name">The slug.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="DurationMs">Wall time in milliseconds (0 for a dry run).</param>
/// <param name="Steps">The steps run, or that would run in a dry run.</param>
/// <param name="RowsChanged">Rows its statements inserted, updated or deleted, as the database reported them.</param>
/// <param name="DeferredBackfill">The id of the backfill left to a background runner (<see cref="UpOptions.DeferBackfills"/>); its later steps have not run.</param>
/// <param name="DataLoss">A rollback: the rows and values its down steps drop (or would drop, in a dry run), counted before it ran; null or empty when none.</param>
public sealed record MigrationRun(
    string Id, string Name, Direction Direction, long DurationMs, IReadOnlyList<PlannedStep> Steps, long RowsChanged = 0, string? DeferredBackfill = null,
    IReadOnlyList<DataLoss>? DataLoss = null)
{
    /// <summary>For a dry run of a migration that declares operations: the SQL of its later phases, as generated now.</summary>
    public OperationPhaseSteps? Phases { get; init; }
}

/// <summary>The later phases of a migration's operations, as a dry run shows them.</summary>
/// <param name="Complete">The steps complete would run.</param>
/// <param name="Abort">The steps abort would run, in the order they run.</param>
public sealed record OperationPhaseSteps(IReadOnlyList<PlannedStep> Complete, IReadOnlyList<PlannedStep> Abort);

/// <summary>The answer of <see cref="Migrator.UpAsync"/>, <see cref="Migrator.DownAsync"/> and <see cref="Migrator.RedoAsync"/>.</summary>
/// <param name="DryRun">True when nothing was changed.</param>
/// <param name="Migrations">What ran (or would run), in order.</param>
/// <param name="ElapsedMs">Wall time of the run in milliseconds.</param>
/// <param name="Status">Where every migration stands afterwards (before, for a dry run).</param>
public sealed record RunResult(bool DryRun, IReadOnlyList<MigrationRun> Migrations, long ElapsedMs, StatusReport Status);
