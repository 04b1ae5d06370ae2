using System.Globalization;
using Cutover.History;

namespace Cutover.Dashboard.Pages;

/// <summary>The audit page's filter (?migration=&amp;action=&amp;since=), each part optional.</summary>
internal sealed record AuditFilter(string? Migration, string? Action, DateTime? Since)
{
    /// <summary>
    /// How many of the newest entries are read and filtered. The log grows with every run; a bound keeps the page fast,
    /// and the page says when it was reached.
    /// </summary>
    public const int ReadLimit = 10_000;

    /// <summary>The filter in <paramref name="query"/>, or the reason the since date could not be read.</summary>
    public static (AuditFilter Filter, string? Error) Parse(IQueryCollection query)
    {
        static string? Value(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
        var since = Value(query, "since");
        DateTime? sinceUtc = null;
        string? error = null;
        if (since is not null)
        {
            if (DateTime.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                sinceUtc = parsed;
            else
                error = $"'{since}' is not a date and time (e.g. 2026-12-01 or 2026-12-01T09:30:00Z); showing every time";
        }
        return (new AuditFilter(Value(query, "migration"), Value(query, "action"), sinceUtc), error);
    }

    public bool Matches(AuditEntry entry) =>
        (Migration is null || string.Equals(entry.MigrationId, Migration, StringComparison.Ordinal))
        && (Action is null || string.Equals(entry.Action, Action, StringComparison.Ordinal))
        && (Since is null || entry.At >= Since);

    /// <summary>The entries among the newest <see cref="ReadLimit"/> that match, newest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(Migrator migrator, AuditFilter filter, CancellationToken cancellationToken)
    {
        var entries = await migrator.HistoryAsync(ReadLimit, cancellationToken).ConfigureAwait(false);
        return [.. entries.Where(filter.Matches)];
    }
}
