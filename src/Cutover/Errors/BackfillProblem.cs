namespace Cutover;

/// <summary>Why a backfill operation failed.</summary>
public enum BackfillProblem
{
    /// <summary>No backfill has the id asked for.</summary>
    NotFound,
    /// <summary>The id is a migration's, and that migration has several backfills.</summary>
    Ambiguous,
    /// <summary>The backfill is not in a state the operation applies to (resuming a finished one …).</summary>
    WrongState,
    /// <summary>The backfill's checkpoint disappeared while it ran (its migration was rolled back).</summary>
    Disappeared,
    /// <summary>Another session held the backfill's checkpoint row for longer than the lock retries allow.</summary>
    CheckpointBusy,
    /// <summary>A batch failed on the database; nothing of it was applied, earlier batches stay done.</summary>
    BatchFailed,
    /// <summary>The backfill was cancelled while a migration waited for it.</summary>
    Cancelled,
    /// <summary>The backfill's table or key is not usable once earlier steps ran; the steps before it stay applied.</summary>
    NotRunnable,
}
