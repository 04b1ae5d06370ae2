using System.Data.Common;
using System.Diagnostics;
using Cutover.History;

namespace Cutover.Rehearsal.Contracts;

/// <summary>Executes a contract query: once to read its result, and again to time it.</summary>
internal static class ResultReader
{
    /// <summary>What one reading of a result gave.</summary>
    public sealed record Result(
        IReadOnlyList<string> Columns,
        List<IReadOnlyList<string?>> KeptRows,
        long RowCount,
        long[] NullCounts,
        string RowsDigest,
        string OrderedRowsDigest);

    /// <summary>
    /// Streams the result, keeping the first <paramref name="maxKeptRows"/> rows as normalised text
    /// and counting NULLs and digesting every row, so memory stays bounded whatever the result size.
    /// </summary>
    /// <exception cref="DbException">The database refused the query or a value could not be read.</exception>
    public static async Task<Result> ReadAsync(
        DbConnection connection, DbTransaction? transaction, string sql, int maxKeptRows, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.Create(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var nullCounts = new long[columns.Count];
        var kept = new List<IReadOnlyList<string?>>();
        long count = 0;
        using var digest = new RowDigest();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new string?[columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                // The row is already buffered (the default, non-sequential access), so these reads do no I/O.
                row[i] = ValueText.Normalise(reader.IsDBNull(i) ? null : reader.GetValue(i));
                if (row[i] is null)
                {
                    nullCounts[i]++;
                }
            }
            digest.Add(row);
            if (kept.Count < maxKeptRows)
            {
                kept.Add(row);
            }
            count++;
        }
        return new Result(columns, kept, count, nullCounts, digest.Multiset(), digest.Ordered());
    }

    /// <summary>
    /// How long it takes to execute the query and fetch every row (values are not converted: that
    /// cost is the client's, not the database's).
    /// </summary>
    public static async Task<TimeSpan> TimeAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.Create(connection, transaction, sql);
        var start = Stopwatch.GetTimestamp();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
        return Stopwatch.GetElapsedTime(start);
    }
}
