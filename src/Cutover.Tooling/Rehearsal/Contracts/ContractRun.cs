namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// What one run of a contract query on one database state gave: its result (the first
/// <see cref="ContractRunner.MaxKeptRows"/> rows as normalised text, exact counts and digests of
/// all of them), its median duration and, on PostgreSQL, its plan; or the database's error when
/// the query no longer runs. Made by <see cref="ContractRunner.RunAsync(System.Data.Common.DbConnection, Cutover.IDatabaseProvider, ContractQuery, int, CancellationToken)"/>, compared by
/// <see cref="ContractRunner.Compare"/>.
/// </summary>
public sealed class ContractRun
{
    internal ContractRun(
        ContractQuery query,
        IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyList<string?>> rows,
        long rowCount,
        IReadOnlyList<long> nullCounts,
        string rowsDigest,
        string orderedRowsDigest,
        IReadOnlyList<TimeSpan> durations,
        IReadOnlyList<QueryPlanNode> plan)
    {
        Query = query;
        Columns = columns;
        Rows = rows;
        RowCount = rowCount;
        NullCounts = nullCounts;
        RowsDigest = rowsDigest;
        OrderedRowsDigest = orderedRowsDigest;
        Durations = durations;
        MedianDuration = Median(durations);
        Plan = plan;
    }

    private ContractRun(ContractQuery query, string error)
    {
        Query = query;
        Error = error;
        Columns = [];
        Rows = [];
        NullCounts = [];
        RowsDigest = "";
        OrderedRowsDigest = "";
        Durations = [];
        Plan = [];
    }

    /// <summary>A run of a query the database refused, carrying the database's message.</summary>
    internal static ContractRun Failed(ContractQuery query, string error) => new(query, error);

    /// <summary>The contract that ran.</summary>
    public ContractQuery Query { get; }

    /// <summary>The database's error (first line) when the query did not run; null when it ran.</summary>
    public string? Error { get; }

    /// <summary>Whether the query ran.</summary>
    public bool Ran => Error is null;

    /// <summary>The result's column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The first <see cref="ContractRunner.MaxKeptRows"/> rows in the order the database returned
    /// them, each value as normalised text (null for SQL NULL).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; }

    /// <summary>How many rows the query returned, all of them, kept or not.</summary>
    public long RowCount { get; }

    /// <summary>Whether <see cref="Rows"/> holds every row of the result.</summary>
    public bool HasAllRows => Rows.Count == RowCount;

    /// <summary>How many NULLs each column held, over all rows; aligned with <see cref="Columns"/>.</summary>
    public IReadOnlyList<long> NullCounts { get; }

    /// <summary>Lower-case hex digest of all rows that does not depend on their order (see docs/contracts.md).</summary>
    public string RowsDigest { get; }

    /// <summary>Lower-case hex SHA-256 of all rows in result order.</summary>
    public string OrderedRowsDigest { get; }

    /// <summary>The duration of each timed execution (the warm-up run not included).</summary>
    public IReadOnlyList<TimeSpan> Durations { get; }

    /// <summary>The median of <see cref="Durations"/>; null when the query did not run.</summary>
    public TimeSpan? MedianDuration { get; }

    /// <summary>The plan on PostgreSQL as (node type, relation) in plan order; empty on SQLite and when the query did not run.</summary>
    public IReadOnlyList<QueryPlanNode> Plan { get; }

    private static TimeSpan? Median(IReadOnlyList<TimeSpan> durations)
    {
        if (durations.Count == 0)
        {
            return null;
        }
        var sorted = durations.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
