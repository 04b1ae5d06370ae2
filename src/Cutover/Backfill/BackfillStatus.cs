namespace Cutover.Backfill;

/// <summary>The states of a backfill, as stored in <c>cutover_backfill.state</c>.</summary>
public static class BackfillStates
{
    /// <summary>Registered by <see cref="Running.UpOptions.DeferBackfills"/>; waiting for a runner.</summary>
    public const string Queued = "queued";
    /// <summary>A runner is (or was, until it was killed) running batches; any runner may continue it.</summary>
    public const string Running = "running";
    /// <summary>Paused (<see cref="Migrator.PauseBackfillAsync"/>); runners wait until it is resumed.</summary>
    public const string Paused = "paused";
    /// <summary>Cancelled (<see cref="Migrator.CancelBackfillAsync"/>): no runner continues it until it is resumed (or the migration rolled back).</summary>
    public const string Cancelled = "cancelled";
    /// <summary>A batch failed; the error names its key range. The next run retries that batch.</summary>
    public const string Failed = "failed";
    /// <summary>Every key has been through a batch.</summary>
    public const string Done = "done";
}

/// <summary>One row of <c>cutover_backfill</c>: a backfill step's checkpoint, updated in the transaction of each batch.</summary>
/// <param name="Id">The backfill's id: <c>&lt;migration id&gt;/&lt;step&gt;</c>, the step counted among the migration's up steps from 1.</param>
/// <param name="MigrationId">The migration it belongs to.</param>
/// <param name="Step">Its up step number (1-based).</param>
/// <param name="Table">The table it walks, as the catalog named it when the backfill started (schema-qualified on PostgreSQL; a part quoted when it is not a plain lower-case name, e.g. <c>public."Order"</c>).</param>
/// <param name="Source">Where it is written: <c>file:line</c> of the directive.</param>
/// <param name="KeyColumns">The key columns, quoted for SQL.</param>
/// <param name="KeyDescription">How the key was chosen, e.g. <c>primary key (id)</c>.</param>
/// <param name="Statement">The SQL with its <c>{batch}</c> placeholder; null for a code backfill.</param>
/// <param name="Code">The <see cref="CodeBackfill"/> name; null for a SQL backfill.</param>
/// <param name="FixedBatch">The batch size the directive fixed; null for <c>auto</c>.</param>
/// <param name="PauseMs">The pause after each batch the directive asked for; null for the configured default.</param>
/// <param name="BatchSize">The size of the last batch (before the first, of the first); a runner that picks the backfill up starts from it.</param>
/// <param name="Position">The last key done, as stored (see <see cref="KeyPosition"/>); null before the first batch.</param>
/// <param name="RowsDone">Keys covered by finished batches.</param>
/// <param name="RowsChanged">Rows the statement reported changed.</param>
/// <param name="Batches">Finished batches.</param>
/// <param name="TotalEstimate">The table's row count as estimated when the backfill started.</param>
/// <param name="EstimateMethod">How <paramref name="TotalEstimate"/> was obtained.</param>
/// <param name="State">One of <see cref="BackfillStates"/>.</param>
/// <param name="Error">Why it failed or what paused it.</param>
/// <param name="StartedAt">When it was registered (UTC).</param>
/// <param name="UpdatedAt">When its row last changed (UTC): a running backfill's last batch.</param>
/// <param name="ElapsedMs">Time spent so far from each run's first batch to its last: the batches and their commits, what the runner did and waited between them (pauses, throttled waits); not time paused by a person or with no runner.</param>
/// <param name="LastBatchMs">The duration of the latest batch.</param>
public sealed record BackfillStatus(
    string Id, string MigrationId, int Step, string Table, string Source, IReadOnlyList<string> KeyColumns, string KeyDescription,
    string? Statement, string? Code, int? FixedBatch, int? PauseMs, int BatchSize, string? Position,
    long RowsDone, long RowsChanged, long Batches, long? TotalEstimate, string? EstimateMethod,
    string State, string? Error, DateTime StartedAt, DateTime UpdatedAt, long ElapsedMs, long LastBatchMs)
{
    /// <summary>
    /// The key ranges its workers walk, in key order, when several did (<see cref="BackfillOptions.Workers"/>); empty when one
    /// runner walks the whole table. While they run, the counters above are the backfill's before it was cut plus every
    /// range's, <see cref="ElapsedMs"/> adds the slowest range's time (they run side by side), and <see cref="Position"/> is
    /// null (each range has its own).
    /// </summary>
    public IReadOnlyList<BackfillRange> Ranges { get; init; } = [];

    /// <summary>This checkpoint as a person reads it once the ranges its workers walk are counted in.</summary>
    internal BackfillStatus WithRanges(IReadOnlyList<BackfillRange> ranges) =>
        ranges.Count == 0 ? this
        : State == BackfillStates.Done ? this with { Ranges = ranges }
        : this with
        {
            Ranges = ranges, Position = null,
            RowsDone = RowsDone + ranges.Sum(r => r.RowsDone), RowsChanged = RowsChanged + ranges.Sum(r => r.RowsChanged),
            Batches = Batches + ranges.Sum(r => r.Batches), ElapsedMs = ElapsedMs + ranges.Max(r => r.ElapsedMs),
            LastBatchMs = ranges.Max(r => r.LastBatchMs), UpdatedAt = ranges.Select(r => r.UpdatedAt).Append(UpdatedAt).Max(),
        };

    /// <summary>Rows per second so far, pauses between batches and throttled waits included.</summary>
    public double RowsPerSecond => ElapsedMs <= 0 ? 0 : RowsDone * 1000.0 / ElapsedMs;

    /// <summary>The last key done, readable; null before the first batch.</summary>
    public string? PositionText => Position is null ? null : KeyPosition.Show(KeyPosition.Read(Position));

    /// <summary>
    /// The time left at the average rate so far: the estimated rows not yet covered divided by rows per second.
    /// Null when it is not running (queued, paused, cancelled or failed: nothing will finish by itself), when there is
    /// no rate yet, or when the estimate was too low (more rows done than estimated).
    /// </summary>
    public TimeSpan? Eta =>
        State == BackfillStates.Done ? TimeSpan.Zero
        : State != BackfillStates.Running ? null
        : TotalEstimate is { } total && total > RowsDone && RowsPerSecond > 0 ? TimeSpan.FromSeconds((total - RowsDone) / RowsPerSecond)
        : null;
}
