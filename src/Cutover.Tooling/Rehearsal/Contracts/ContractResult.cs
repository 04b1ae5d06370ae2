namespace Cutover.Rehearsal.Contracts;

/// <summary>The verdict on one contract query after a migration.</summary>
/// <param name="Name">The contract's name (its file name without <c>.sql</c>).</param>
/// <param name="Failures">One line per broken expectation, specific enough to act on, e.g. <c>not-null email: 3 rows have NULL</c>.</param>
/// <param name="Notes">What changed without breaking an expectation, e.g. a new Seq Scan in the plan.</param>
/// <param name="MedianBefore">The median duration before the migration; null when the query did not run.</param>
/// <param name="MedianAfter">The median duration after the migration; null when the query did not run.</param>
/// <param name="RowsBefore">The row count before the migration; null when the query did not run.</param>
/// <param name="RowsAfter">The row count after the migration; null when the query did not run.</param>
public sealed record ContractResult(
    string Name,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Notes,
    TimeSpan? MedianBefore,
    TimeSpan? MedianAfter,
    long? RowsBefore,
    long? RowsAfter)
{
    /// <summary>Whether every expectation held (and the query still runs).</summary>
    public bool Passed => Failures.Count == 0;
}
