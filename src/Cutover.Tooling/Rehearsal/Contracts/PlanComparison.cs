namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// Notes how a query's plan changed. Notes, not failures: a plan change is often harmless (the
/// planner adapts to the new statistics), but a new sequential scan on a large table is the
/// usual cause of a page that was fast before the migration and is slow after it.
/// </summary>
internal static class PlanComparison
{
    private const string SeqScan = "Seq Scan";

    public static IEnumerable<string> Compare(IReadOnlyList<QueryPlanNode> before, IReadOnlyList<QueryPlanNode> after)
    {
        // No plan on one side (SQLite, or a query that did not run) is not a change.
        if (before.Count == 0 || after.Count == 0 || before.SequenceEqual(after))
        {
            yield break;
        }

        var scannedBefore = before.Where(IsSeqScan).Select(n => n.Relation).ToHashSet(StringComparer.Ordinal);
        foreach (var relation in after.Where(IsSeqScan).Select(n => n.Relation!).Distinct(StringComparer.Ordinal))
        {
            if (scannedBefore.Contains(relation))
            {
                continue;
            }
            var readBefore = before.Where(n => n.Relation == relation).Select(n => n.ToString()).Distinct().ToList();
            var was = readBefore.Count > 0 ? "before: " + string.Join(", ", readBefore) : $"{relation} was not read before";
            yield return $"plan: new Seq Scan on {relation} ({was})";
        }
        yield return $"plan changed: {string.Join(", ", before)} → {string.Join(", ", after)}";
    }

    private static bool IsSeqScan(QueryPlanNode node) => node.NodeType == SeqScan && node.Relation is not null;
}
