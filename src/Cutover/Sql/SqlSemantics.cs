namespace Cutover.Sql;

/// <summary>
/// How an engine treats names, keys and NULLs — what a reader of migrations must know to judge, before they run,
/// which rows a new constraint would refuse. Each provider states its own.
/// </summary>
public sealed record SqlSemantics
{
    /// <summary>The engine's name as people write it (SQLite, PostgreSQL), for messages.</summary>
    public required string DisplayName { get; init; }

    /// <summary>How two folded identifiers compare: SQLite ignores case, PostgreSQL compares them exactly.</summary>
    public required StringComparer Identifiers { get; init; }

    /// <summary>Whether a PRIMARY KEY column is NOT NULL without saying so (PostgreSQL); SQLite lets most hold NULL.</summary>
    public required bool PrimaryKeyImpliesNotNull { get; init; }

    /// <summary>
    /// The hidden column that names each row of a table (SQLite's <c>rowid</c>, which an INTEGER PRIMARY KEY
    /// aliases, so a NULL inserted there becomes the next number); null when the engine has none.
    /// </summary>
    public string? RowIdColumn { get; init; }

    /// <summary>Whether tables live in schemas, so a full name has two parts (<c>"public"."users"</c>).</summary>
    public required bool HasSchemas { get; init; }

    /// <summary>Whether ADD COLUMN … NOT NULL without a default is refused even on an empty table (SQLite).</summary>
    public bool RefusesNotNullColumnWithoutDefault { get; init; }

    /// <summary>
    /// The pause after each backfill batch when none is configured. SQLite has one writer at a time, and a waiting
    /// writer polls through its busy handler (sleeping longer each try) instead of queueing: back-to-back batches keep it
    /// out until the backfill ends, a pause lets its next try in. PostgreSQL's writers queue on row locks: none.
    /// </summary>
    public TimeSpan BackfillPause { get; init; }

    /// <summary>
    /// The duration an auto-sized backfill batch aims for when none is configured: a writer waits up to one batch, so
    /// SQLite's (one writer at a time) is short; PostgreSQL's writers wait for a batch only on the rows it touches.
    /// </summary>
    public TimeSpan BackfillBatchDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The batch duration while other connections write, on an engine where a waiting writer polls instead of queueing
    /// (SQLite): short enough that a writer's first tries (its busy handler sleeps 1, 2, 5, 10 ms…) find the lock free after
    /// about one batch. Null: writers queue on row locks (PostgreSQL) and batches need not shrink for them.
    /// </summary>
    public TimeSpan? BackfillYieldBatchDuration { get; init; }

    /// <summary>The gap after each batch while other connections write: at least the spacing of a waiting writer's tries then.</summary>
    public TimeSpan BackfillYieldPause { get; init; }
}
