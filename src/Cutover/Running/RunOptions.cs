namespace Cutover.Running;

/// <summary>Options of <see cref="Migrator.UpAsync"/>.</summary>
public sealed record UpOptions
{
    /// <summary>Apply pending migrations up to and including this id; null applies all.</summary>
    public string? To { get; init; }

    /// <summary>Show the SQL that would run and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Apply migrations older than the newest applied one instead of refusing.</summary>
    public bool AllowOutOfOrder { get; init; }

    /// <summary>
    /// Apply the steps before a migration's backfill, register the backfill for a background runner
    /// (<see cref="Migrator.RunBackfillsAsync"/> or the hosted worker) and stop there: the migration's later steps, and later
    /// migrations, wait until it is done.
    /// </summary>
    public bool DeferBackfills { get; init; }

    /// <summary>Receives a <see cref="RunEvent"/> as each migration starts and ends, on lock waits and retries, and as backfills progress.</summary>
    public IProgress<RunEvent>? Progress { get; init; }
}

/// <summary>Options of <see cref="Migrator.DownAsync"/>: <see cref="Steps"/> or <see cref="To"/>, not both.</summary>
public sealed record DownOptions
{
    /// <summary>How many applied migrations to roll back, newest first (default 1).</summary>
    public int? Steps { get; init; }

    /// <summary>Roll back every migration newer than this id (this one stays applied).</summary>
    public string? To { get; init; }

    /// <summary>Show the SQL that would run (and the data it would destroy) and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Roll back even when the down steps drop a table that has rows or a column that has non-NULL values. Without it
    /// such a rollback is refused before anything runs with a <see cref="DataLossException"/> listing what would be lost.
    /// </summary>
    public bool AcceptDataLoss { get; init; }

    /// <summary>Receives a <see cref="RunEvent"/> as each migration starts and ends, on lock waits and retries.</summary>
    public IProgress<RunEvent>? Progress { get; init; }
}

/// <summary>Options of <see cref="Migrator.RepairAsync"/>.</summary>
public sealed record RepairOptions
{
    /// <summary>Also accept the current checksum of applied files that were edited.</summary>
    public bool AcceptChecksums { get; init; }

    /// <summary>Only repair this migration; null repairs every one that needs it.</summary>
    public string? Id { get; init; }
}
