using System.Globalization;

namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// One <c>-- expect:</c> declaration of a contract query: what must still hold after the migration.
/// Plain data, one sealed record per kind, so a report can switch over them.
/// </summary>
/// <param name="Line">1-based line of the contract file where it was declared.</param>
public abstract record ContractExpectation(int Line)
{
    /// <summary>The expectation in its canonical form, as failures quote it: <c>rows &gt;= 1</c>, <c>max-slowdown 2x</c>.</summary>
    public abstract string Text { get; }
}

/// <summary><c>rows &gt;= N</c> (or <c>&gt;</c>, <c>=</c>, <c>&lt;=</c>, <c>&lt;</c>): the row count after the migration.</summary>
/// <param name="Line">1-based line of the declaration.</param>
/// <param name="Operator">How the count is compared.</param>
/// <param name="Count">The number it is compared with.</param>
public sealed record RowCountExpectation(int Line, RowCountOperator Operator, long Count) : ContractExpectation(Line)
{
    /// <inheritdoc />
    public override string Text => $"rows {Operator.Symbol()} {Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether <paramref name="rows"/> satisfies the expectation.</summary>
    public bool IsMetBy(long rows) => Operator switch
    {
        RowCountOperator.GreaterOrEqual => rows >= Count,
        RowCountOperator.Greater => rows > Count,
        RowCountOperator.Equal => rows == Count,
        RowCountOperator.LessOrEqual => rows <= Count,
        RowCountOperator.Less => rows < Count,
        _ => throw new ArgumentOutOfRangeException(nameof(rows), Operator, "unknown operator"),
    };
}

/// <summary><c>same-rows</c>: the result before and after the migration is the same multiset of rows (and in the same order when the query has a top-level ORDER BY).</summary>
/// <param name="Line">1-based line of the declaration.</param>
public sealed record SameRowsExpectation(int Line) : ContractExpectation(Line)
{
    /// <inheritdoc />
    public override string Text => "same-rows";
}

/// <summary><c>not-null col1, col2</c>: those result columns hold no NULL after the migration.</summary>
/// <param name="Line">1-based line of the declaration.</param>
/// <param name="Columns">The result column names, as written (quotes removed).</param>
public sealed record NotNullExpectation(int Line, IReadOnlyList<string> Columns) : ContractExpectation(Line)
{
    /// <inheritdoc />
    public override string Text => "not-null " + string.Join(", ", Columns);
}

/// <summary>
/// <c>max-slowdown 2x</c>: the median duration after the migration is at most <see cref="Factor"/>
/// times the median before; differences under <see cref="ContractRunner.SlowdownFloor"/> are ignored.
/// </summary>
/// <param name="Line">1-based line of the declaration.</param>
/// <param name="Factor">The largest allowed ratio of after to before, at least 1.</param>
public sealed record MaxSlowdownExpectation(int Line, decimal Factor) : ContractExpectation(Line)
{
    /// <inheritdoc />
    public override string Text => $"max-slowdown {FormatFactor(Factor)}";

    /// <summary>A factor as written in files and messages: <c>2x</c>, <c>1.5x</c>.</summary>
    internal static string FormatFactor(decimal factor) => factor.ToString("0.###", CultureInfo.InvariantCulture) + "x";
}
