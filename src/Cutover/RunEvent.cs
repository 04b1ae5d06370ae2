using Cutover.Backfill;
using Cutover.Running;

namespace Cutover;

/// <summary>
/// Progress, for displays and logs: the one channel through which up, down, redo, the backfill runner and rehearsal
/// report as they go. The set is closed — every event is one of the sealed records in this file — so a consumer can
/// match on the types it shows and ignore the rest.
/// </summary>
public abstract record RunEvent
{
    // Only the records below derive from it: a consumer's switch over them sees every kind of event there is.
    private protected RunEvent()
    {
    }
}

/// <summary>A migration is about to run.</summary>
/// <param name="Id">The migration's 14-digit id.</param>
/// <param name="Name">Its slug.</param>
/// <param name="Direction">Applied or rolled back (a redo reports a down, then an up).</param>
/// <param name="Index">1-based position in this run.</param>
/// <param name="Total">How many migrations this run will process.</param>
public sealed record MigrationStarted(string Id, string Name, Direction Direction, int Index, int Total) : RunEvent;

/// <summary>A migration finished (a failure is thrown instead).</summary>
/// <param name="Id">The migration's 14-digit id.</param>
/// <param name="Name">Its slug.</param>
/// <param name="Direction">Applied or rolled back.</param>
/// <param name="Index">1-based position in this run.</param>
/// <param name="Total">How many migrations this run will process.</param>
public sealed record MigrationFinished(string Id, string Name, Direction Direction, int Index, int Total) : RunEvent;

/// <summary>The migration lock is held by someone else; the run waits for it.</summary>
/// <param name="Message">Who holds it, as the provider tells (for example <c>held by ops@host since …</c>).</param>
public sealed record WaitingForLock(string Message) : RunEvent;

/// <summary>A statement gave up waiting for a table lock (lock_timeout) and will be retried with a longer timeout.</summary>
/// <param name="Message">The statement's line, the attempt and the next timeout.</param>
public sealed record LockTimeoutRetry(string Message) : RunEvent;

/// <summary>A backfill ran a batch, or ended (done or cancelled).</summary>
/// <param name="Status">The backfill's checkpoint as it stands.</param>
public sealed record BackfillBatch(BackfillStatus Status) : RunEvent;

/// <summary>A backfill runs no batch right now.</summary>
/// <param name="Status">The backfill's checkpoint as it stands.</param>
/// <param name="Reason">Why it waits (throttled by database pressure, paused).</param>
public sealed record BackfillWaiting(BackfillStatus Status, string Reason) : RunEvent;

/// <summary>A rehearsal moved on, or the copy it works on said what it does.</summary>
/// <param name="Phase">The part of the rehearsal, named as in its report's phases (<c>clone</c>, <c>contracts before</c>, <c>audit</c>, <c>apply</c>, <c>contracts after</c>, <c>drill</c>).</param>
/// <param name="Message">What it does now, for a person.</param>
public sealed record RehearsalNote(string Phase, string Message) : RunEvent;
