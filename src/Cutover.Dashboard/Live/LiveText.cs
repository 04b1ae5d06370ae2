using System.Globalization;

namespace Cutover.Dashboard.Live;

/// <summary>How the live page writes its numbers: invariant culture, so the page reads the same on any server.</summary>
internal static class LiveText
{
    /// <summary>0–100, or null when there is no estimate; capped at 100 because estimates can be low.</summary>
    public static int? Percent(long done, long? estimate) =>
        estimate is { } total && total > 0 ? (int)Math.Min(100, done * 100 / total) : null;

    public static string Rows(long done, long? estimate) =>
        estimate is { } total
            ? $"{done.ToString("N0", CultureInfo.InvariantCulture)} / {total.ToString("N0", CultureInfo.InvariantCulture)}"
            : $"{done.ToString("N0", CultureInfo.InvariantCulture)} / unknown";

    public static string Rate(double rowsPerSecond) => rowsPerSecond.ToString("N1", CultureInfo.InvariantCulture) + " rows/s";

    /// <summary>"–" when there is no ETA (not running, no rate yet, or the estimate was passed).</summary>
    public static string Eta(TimeSpan? eta) => eta switch
    {
        null => "–",
        { TotalHours: >= 1 } t => $"{(int)t.TotalHours}h {t.Minutes:00}m",
        { TotalMinutes: >= 1 } t => $"{t.Minutes}m {t.Seconds:00}s",
        { } t => $"{(int)Math.Ceiling(t.TotalSeconds)}s",
    };

    /// <summary>An operation's last verification, as complete will judge it: clean or how many rows disagreed, and when.</summary>
    public static string Verification(Operations.LastVerification? last) => last switch
    {
        null => "never verified",
        { Clean: true } => $"clean: {last.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows, {Time(last.At)}",
        _ => $"{last.Mismatches.ToString("N0", CultureInfo.InvariantCulture)} mismatching of {last.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows, {Time(last.At)}",
    };

    public static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "–";
}
