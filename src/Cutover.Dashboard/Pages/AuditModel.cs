using Cutover.History;

namespace Cutover.Dashboard.Pages;

/// <summary>The audit page: the filter, its error if any, the actions to choose from, and the matching entries.</summary>
internal sealed record AuditModel(PageContext Page, AuditFilter Filter, string? FilterError, IReadOnlyList<string> Actions, IReadOnlyList<AuditEntry> Entries, bool ReachedLimit)
{
    public static async Task<AuditModel> ReadAsync(Migrator migrator, PageContext page, IQueryCollection query, CancellationToken cancellationToken)
    {
        var (filter, error) = AuditFilter.Parse(query);
        var all = await migrator.HistoryAsync(AuditFilter.ReadLimit, cancellationToken).ConfigureAwait(false);
        var actions = all.Select(e => e.Action).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new AuditModel(page, filter, error, actions, [.. all.Where(filter.Matches)], all.Count >= AuditFilter.ReadLimit);
    }
}
