using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Rehearsal.Contracts;

/// <summary>How rows, counts and durations are written in failures and notes.</summary>
internal static partial class RowText
{
    /// <summary>How many rows a failure names before "and N more".</summary>
    public const int RowsShown = 5;

    // A value longer than this is cut, so that one wide text column cannot swamp the report.
    private const int MaxValueLength = 60;

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();

    /// <summary><c>(user_id=7, project_id=3), (…)</c>, at most <see cref="RowsShown"/> rows, then <c>and N more</c>.</summary>
    public static string Rows(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        var shown = string.Join(", ", rows.Take(RowsShown).Select(r => Row(columns, r)));
        return rows.Count > RowsShown ? $"{shown} and {Count(rows.Count - RowsShown)} more" : shown;
    }

    /// <summary><c>(user_id=7, email='a@example.com', name=NULL)</c>.</summary>
    public static string Row(IReadOnlyList<string> columns, IReadOnlyList<string?> row) =>
        "(" + string.Join(", ", row.Select((value, i) => $"{columns[i]}={Value(value)}")) + ")";

    /// <summary>NULL, a number as it is, anything else single-quoted.</summary>
    public static string Value(string? value)
    {
        if (value is null)
        {
            return "NULL";
        }
        if (Number().IsMatch(value))
        {
            return value;
        }
        var cut = value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;
        return "'" + cut.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary><c>0 rows</c>, <c>1 row</c>, <c>1,234 rows</c>.</summary>
    public static string RowCount(long rows) => rows == 1 ? "1 row" : $"{Count(rows)} rows";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>12.4 ms</c>; sub-millisecond durations keep more digits so they are not all "0.0 ms".</summary>
    public static string Milliseconds(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString(duration.TotalMilliseconds >= 1 ? "0.0" : "0.0##", CultureInfo.InvariantCulture) + " ms";

    /// <summary><c>2.5x</c>.</summary>
    public static string Ratio(TimeSpan before, TimeSpan after) =>
        before > TimeSpan.Zero
            ? (after / before).ToString("0.0", CultureInfo.InvariantCulture) + "x"
            : "from zero";
}
