namespace Cutover.History;

/// <summary>One row of <c>cutover_history</c>.</summary>
internal sealed record HistoryRecord(
    string Id,
    string Name,
    string Checksum,
    string? DownScript,
    string State,
    string Operation,
    int StepsDone,
    int StatementsDone,
    string? Error,
    DateTime AppliedAt,
    string AppliedBy,
    string Host,
    long DurationMs,
    string ToolVersion)
{
    public bool IsBaseline => State == HistoryStates.Baseline;
    public bool IsRollingBack => Operation == HistoryStates.Down;
    public bool IsCompleting => Operation == HistoryStates.Complete;
}

/// <summary>The values of the state and operation columns.</summary>
internal static class HistoryStates
{
    public const string Applied = "applied";
    public const string Running = "running";
    public const string Failed = "failed";
    public const string Baseline = "baseline";
    /// <summary>Stopped at a backfill step left to a background runner (<see cref="Running.UpOptions.DeferBackfills"/>).</summary>
    public const string Backfilling = "backfilling";
    public const string Up = "up";
    public const string Down = "down";
    /// <summary>The operation of a row whose declared operations were completed (or are being completed: state running).</summary>
    public const string Complete = "complete";
}
