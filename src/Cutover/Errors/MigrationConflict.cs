namespace Cutover;

/// <summary>Why a migration stands in the way of an operation, or fails validation.</summary>
public enum MigrationConflict
{
    /// <summary>It failed; the failure must be cleared (repair) before it runs again.</summary>
    Failed,
    /// <summary>An up run stopped part-way; running up again finishes it.</summary>
    Unfinished,
    /// <summary>A rollback stopped part-way; running down again finishes it.</summary>
    RollbackUnfinished,
    /// <summary>It stopped part-way and its file is gone, so it cannot be finished.</summary>
    UnfinishedFileMissing,
    /// <summary>It is applied but its file is gone (it can still be rolled back from the stored down SQL).</summary>
    FileMissing,
    /// <summary>Its file changed since it was applied.</summary>
    Changed,
    /// <summary>It is pending but older than the newest applied migration.</summary>
    OutOfOrder,
    /// <summary>It is marked irreversible.</summary>
    Irreversible,
    /// <summary>It has no down step.</summary>
    NoDownStep,
    /// <summary>A rollback was asked while it is failed.</summary>
    FailedBeforeRollback,
    /// <summary>A rollback was asked while it is unfinished.</summary>
    UnfinishedBeforeRollback,
    /// <summary>Redo needs its file, which is gone.</summary>
    RedoFileMissing,
    /// <summary>Redo found that its down step does not undo its up step; nothing was changed and it stays applied.</summary>
    RedoNotReversible,
    /// <summary>
    /// Its history row holds a value Cutover never writes (edited by hand): unreadable, negative, an unknown state.
    /// Nothing runs until the row is corrected or removed.
    /// </summary>
    HistoryUnreadable,
    /// <summary>
    /// Redo's down step, which could not be tried first (it runs outside a transaction), left the schema different from
    /// the one before the migration was applied; the migration is rolled back and was not applied again.
    /// </summary>
    RedoDownIncomplete,
    /// <summary>It is applied but its file is gone, and no down SQL is stored (or it is irreversible): only the file can help.</summary>
    FileMissingNoRollback,
    /// <summary>
    /// Its operations change a table that another migration's operations, still in flight (expanded, not completed or
    /// aborted), change too: one of them must finish first.
    /// </summary>
    OperationOverlap,
    /// <summary>The phase asked for does not fit where its operations stand (complete before expand finished, abort after complete …).</summary>
    OperationPhase,
    /// <summary>Complete was refused: the last verification is missing, found mismatches, or is older than the last backfill batch.</summary>
    NotVerified,
    /// <summary>
    /// The rollout stands in the way: complete needs it at 100% for the soak period (<see cref="CutoverOptions.RolloutSoak"/>),
    /// abort needs it back at 0 (nobody on the new shape).
    /// </summary>
    RolloutNotDone,
    /// <summary>
    /// The complete (contract) of its operations stopped part-way (killed, connection lost) or failed: the old shape is
    /// partly gone, so neither applying nor rolling back can run; only completing it again finishes it.
    /// </summary>
    CompleteUnfinished,
}
