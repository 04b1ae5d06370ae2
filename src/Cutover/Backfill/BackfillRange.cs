namespace Cutover.Backfill;

/// <summary>
/// One key range of a backfill that several workers walk (<see cref="BackfillOptions.Workers"/>, PostgreSQL): its own
/// checkpoint, updated in the transaction of each of its batches, so a kill loses or repeats nothing of it.
/// </summary>
/// <param name="Worker">Its number, from 1, in key order: range 1 holds the lowest keys.</param>
/// <param name="From">The key it starts after, as stored (see <see cref="BackfillStatus.Position"/>); null: the table's first key.</param>
/// <param name="To">Its last key, as stored; null: the table's last key (keys added beyond it are in it).</param>
/// <param name="BatchSize">The size of its last batch.</param>
/// <param name="Position">The last key done in it; null before its first batch.</param>
/// <param name="RowsDone">Keys covered by its finished batches.</param>
/// <param name="RowsChanged">Rows its statement reported changed.</param>
/// <param name="Batches">Its finished batches.</param>
/// <param name="State">running, failed or done (pausing and cancelling are the backfill's, not a range's).</param>
/// <param name="Error">Why its last batch failed.</param>
/// <param name="UpdatedAt">When its row last changed (UTC).</param>
/// <param name="ElapsedMs">Time its worker spent in its batches and the pauses between them.</param>
/// <param name="LastBatchMs">The duration of its latest batch.</param>
public sealed record BackfillRange(
    int Worker, string? From, string? To, int BatchSize, string? Position, long RowsDone, long RowsChanged, long Batches,
    string State, string? Error, DateTime UpdatedAt, long ElapsedMs, long LastBatchMs)
{
    /// <summary>The range as a person reads it, e.g. <c>id &gt; 5000 AND id &lt;= 10000</c>.</summary>
    public string Describe(IReadOnlyList<string> keyColumns)
    {
        var key = keyColumns.Count == 1 ? keyColumns[0] : "(" + string.Join(", ", keyColumns) + ")";
        var lower = From is null ? null : $"{key} > {KeyPosition.Show(KeyPosition.Read(From))}";
        var upper = To is null ? null : $"{key} <= {KeyPosition.Show(KeyPosition.Read(To))}";
        return lower is null ? upper ?? "all keys" : upper is null ? lower : $"{lower} AND {upper}";
    }

    /// <summary>The last key done in it, readable; null before its first batch.</summary>
    public string? PositionText => Position is null ? null : KeyPosition.Show(KeyPosition.Read(Position));
}
