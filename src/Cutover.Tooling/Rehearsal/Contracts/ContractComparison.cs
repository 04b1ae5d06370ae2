namespace Cutover.Rehearsal.Contracts;

/// <summary>Checks each expectation of a contract against its runs before and after a migration.</summary>
internal static class ContractComparison
{
    // A slowdown at least this large is noted even when the contract sets no max-slowdown.
    private const double NotedSlowdown = 2.0;

    public static ContractResult Compare(ContractRun before, ContractRun after)
    {
        var failures = new List<string>();
        var notes = new List<string>();
        var query = after.Query;

        if (!after.Ran)
        {
            failures.Add(before.Ran
                ? $"no longer runs: {after.Error}"
                : $"does not run, before or after the migration: {after.Error}");
            return Result(query, before, after, failures, notes);
        }

        foreach (var expectation in query.Expectations)
        {
            switch (expectation)
            {
                case RowCountExpectation rows when !rows.IsMetBy(after.RowCount):
                    failures.Add($"{rows.Text}: {RowText.RowCount(after.RowCount)}");
                    break;
                case NotNullExpectation notNull:
                    failures.AddRange(NotNull(notNull, after));
                    break;
                case SameRowsExpectation or MaxSlowdownExpectation when !before.Ran:
                    // Nothing to compare with; a contract for a query that only the migration makes
                    // possible should not declare these.
                    failures.Add($"{expectation.Text}: cannot be checked, the query did not run before the migration: {before.Error}");
                    break;
                case SameRowsExpectation same:
                    failures.AddRange(SameRowsComparison.Compare(before, after, query.IsOrdered).Select(f => $"{same.Text}: {f}"));
                    break;
                case MaxSlowdownExpectation slowdown when IsSlowerThan(before, after, (double)slowdown.Factor):
                    failures.Add($"{slowdown.Text}: {Timing(before, after)}");
                    break;
            }
        }

        if (!before.Ran)
        {
            notes.Add($"did not run before the migration: {before.Error}");
            return Result(query, before, after, failures, notes);
        }
        if (!query.Expectations.OfType<MaxSlowdownExpectation>().Any() && IsSlowerThan(before, after, NotedSlowdown))
        {
            notes.Add($"slower: {Timing(before, after)}; declare '-- expect: max-slowdown <factor>x' to make this a failure");
        }
        notes.AddRange(PlanComparison.Compare(before.Plan, after.Plan));
        return Result(query, before, after, failures, notes);
    }

    private static IEnumerable<string> NotNull(NotNullExpectation expectation, ContractRun after)
    {
        foreach (var column in expectation.Columns)
        {
            var index = ColumnIndex(after.Columns, column);
            if (index < 0)
            {
                yield return $"not-null {column}: no column {column} in the result (columns: {string.Join(", ", after.Columns)})";
            }
            else if (after.NullCounts[index] > 0)
            {
                yield return $"not-null {column}: {RowText.Count(after.NullCounts[index])} row(s) have NULL";
            }
        }
    }

    /// <summary>Exact name first; otherwise ignoring case, since PostgreSQL folds unquoted names to lower case.</summary>
    private static int ColumnIndex(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Slower by more than <paramref name="factor"/>, and by at least the floor that keeps tiny queries from flapping.</summary>
    private static bool IsSlowerThan(ContractRun before, ContractRun after, double factor)
    {
        var b = before.MedianDuration!.Value;
        var a = after.MedianDuration!.Value;
        return a - b >= ContractRunner.SlowdownFloor && a.TotalMilliseconds > factor * b.TotalMilliseconds;
    }

    private static string Timing(ContractRun before, ContractRun after)
    {
        var b = before.MedianDuration!.Value;
        var a = after.MedianDuration!.Value;
        return $"{RowText.Milliseconds(b)} → {RowText.Milliseconds(a)} ({RowText.Ratio(b, a)})";
    }

    private static ContractResult Result(ContractQuery query, ContractRun before, ContractRun after, List<string> failures, List<string> notes) =>
        new(query.Name, failures, notes,
            before.MedianDuration, after.MedianDuration,
            before.Ran ? before.RowCount : null, after.Ran ? after.RowCount : null);
}
