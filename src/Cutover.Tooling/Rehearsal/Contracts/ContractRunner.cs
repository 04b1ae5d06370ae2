using System.Data.Common;
using Cutover.History;
using Cutover.Sql;

namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// Runs contract queries against a database state and compares a run before a migration with a
/// run after it. See docs/contracts.md for what each expectation checks.
/// </summary>
public static class ContractRunner
{
    /// <summary>
    /// How many rows of a result a run keeps, to name the rows that differ. Larger results are still
    /// counted and digested in full, so <c>rows</c>, <c>not-null</c> and <c>same-rows</c> stay exact;
    /// only the naming of differing rows is lost beyond it.
    /// </summary>
    public const int MaxKeptRows = 100_000;

    /// <summary>
    /// Slowdowns smaller than this are never a <c>max-slowdown</c> failure: a query that takes 0.2 ms
    /// before and 0.5 ms after is noise, not a regression, and must not make rehearsals flap.
    /// </summary>
    public static TimeSpan SlowdownFloor { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Runs <paramref name="query"/>: once to read its result (which is also the warm-up, not timed),
    /// then <paramref name="timedRuns"/> more times to time it, then on PostgreSQL
    /// <c>EXPLAIN (FORMAT JSON)</c> for its plan. On PostgreSQL this happens in a READ ONLY
    /// transaction that is rolled back. A query the database refuses gives a run carrying the
    /// database's error rather than an exception.
    /// </summary>
    /// <param name="connection">An open connection with no transaction in progress.</param>
    /// <param name="provider">The database's provider: its <see cref="IReadOnlyInspection"/> makes the runs read only, its <see cref="IQueryPlanReader"/> reads the plan.</param>
    /// <param name="query">The contract to run.</param>
    /// <param name="timedRuns">How many timed executions give the median, at least 1.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static Task<ContractRun> RunAsync(
        DbConnection connection, IDatabaseProvider provider, ContractQuery query, int timedRuns, CancellationToken cancellationToken) =>
        RunAsync(connection, provider, query, timedRuns, MaxKeptRows, cancellationToken);

    /// <summary><see cref="RunAsync(DbConnection, IDatabaseProvider, ContractQuery, int, CancellationToken)"/> with another row bound, so tests can cross it cheaply.</summary>
    internal static async Task<ContractRun> RunAsync(
        DbConnection connection, IDatabaseProvider provider, ContractQuery query, int timedRuns, int maxKeptRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedRuns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxKeptRows);

        // Read only, so that a function with side effects called by the query cannot change the
        // copy between the runs that are compared.
        await using var readOnly = provider is IReadOnlyInspection inspection
            ? await Audit.ReadOnlyTransaction.BeginAsync(connection, inspection, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var result = await ResultReader.ReadAsync(connection, null, query.Sql, maxKeptRows, cancellationToken).ConfigureAwait(false);
            var durations = new List<TimeSpan>(timedRuns);
            for (var i = 0; i < timedRuns; i++)
            {
                durations.Add(await ResultReader.TimeAsync(connection, null, query.Sql, cancellationToken).ConfigureAwait(false));
            }
            var plan = provider is IQueryPlanReader planner
                ? await planner.ExplainAsync(connection, null, query.Sql, cancellationToken).ConfigureAwait(false)
                : [];

            return new ContractRun(query, result.Columns, result.KeptRows, result.RowCount, result.NullCounts,
                result.RowsDigest, result.OrderedRowsDigest, durations, plan);
        }
        catch (DbException e)
        {
            return ContractRun.Failed(query, FirstLine(e.Message));
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or NotSupportedException)
        {
            // The driver could not turn a value into a .NET type (a numeric wider than decimal).
            return ContractRun.Failed(query, "a value in the result cannot be read: " + FirstLine(e.Message));
        }
    }

    /// <summary>
    /// Checks every expectation of the contract against a run before the migration and a run after
    /// it, and notes what changed without failing (plan changes, a slowdown nobody set a limit for).
    /// </summary>
    /// <exception cref="ArgumentException">The runs are of different contracts.</exception>
    public static ContractResult Compare(ContractRun before, ContractRun after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!string.Equals(before.Query.Name, after.Query.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"runs of different contracts: {before.Query.Name} and {after.Query.Name}", nameof(after));
        }
        return ContractComparison.Compare(before, after);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
