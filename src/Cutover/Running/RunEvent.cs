namespace Cutover.Running;

/// <summary>What a <see cref="RunEvent"/> reports.</summary>
public enum RunEventKind
{
    /// <summary>A migration is about to run.</summary>
    Started,
    /// <summary>A migration finished.</summary>
    Finished,
    /// <summary>Waiting for the migration lock held by someone else.</summary>
    WaitingForLock,
    /// <summary>A statement hit lock_timeout and will be retried.</summary>
    Retrying,
    /// <summary>A backfill batch finished, or the backfill waits (see <see cref="RunEvent.Backfill"/>).</summary>
    Backfill,
}

/// <summary>Progress of a run, for displays.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Id">The migration concerned, when one is.</param>
/// <param name="Name">Its slug.</param>
/// <param name="Index">1-based position in this run.</param>
/// <param name="Total">How many migrations this run will process.</param>
/// <param name="Message">Human text (lock holder, retry details).</param>
/// <param name="Backfill">For <see cref="RunEventKind.Backfill"/>: the backfill's progress.</param>
public sealed record RunEvent(RunEventKind Kind, string? Id, string? Name, int Index, int Total, string? Message, Backfill.BackfillProgress? Backfill = null);
