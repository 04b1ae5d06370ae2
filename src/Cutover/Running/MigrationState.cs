namespace Cutover.Running;

/// <summary>Where one migration stands relative to the database.</summary>
public enum MigrationState
{
    /// <summary>Applied, and the file is unchanged since.</summary>
    Applied,
    /// <summary>Not applied yet, newer than everything applied.</summary>
    Pending,
    /// <summary>Not applied, but older than the newest applied migration (usually a merged branch).</summary>
    OutOfOrder,
    /// <summary>Applied, but the file's checksum differs from the one recorded.</summary>
    Changed,
    /// <summary>Applied, but no file has its id any more (a branch switch or a deleted file).</summary>
    Missing,
    /// <summary>A step failed; the history row says which step and statement.</summary>
    Failed,
    /// <summary>Started and not finished: another runner is at it, or one was killed (the next run resumes it).</summary>
    Interrupted,
    /// <summary>
    /// Applied up to a backfill step that <see cref="UpOptions.DeferBackfills"/> left to a background runner; its later steps
    /// run when the backfill is done (<see cref="Migrator.BackfillStatusAsync"/> shows its progress).
    /// </summary>
    Backfilling,
    /// <summary>The baseline marker set by <see cref="Migrator.BaselineAsync"/>.</summary>
    Baseline,
    /// <summary>A file at or below the baseline: treated as applied by other means.</summary>
    BelowBaseline,
}
