namespace Cutover.Checking.Lint;

/// <summary>
/// <c>-- cutover:allow &lt;rule-id&gt; &lt;reason&gt;</c> above (or inside) a statement marks that rule's
/// findings on the statement as allowed, with the reason, so they are still listed for reviewers but fail
/// nothing. An allow without a reason, for an unknown rule, or matching nothing is itself a finding.
/// </summary>
internal static class Suppressions
{
    public static IEnumerable<CheckFinding> Apply(LintStatement statement, List<CheckFinding> findings, string path, Func<string, bool> isKnownRule)
    {
        var result = new List<CheckFinding>(findings);
        foreach (var (text, line) in statement.Allows)
        {
            var words = text.Trim()[2..].Trim()["cutover:allow".Length..].Trim();
            var split = words.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (split.Length == 0)
            {
                result.Add(Finding(LintRules.AllowWithoutReason, path, line, "'-- cutover:allow' names no rule and gives no reason"));
                continue;
            }
            var id = split[0];
            if (!isKnownRule(id))
            {
                result.Add(Finding(LintRules.AllowUnknownRule, path, line, $"'-- cutover:allow {id}': no rule has this id"));
                continue;
            }
            if (split.Length < 2 || split[1].Trim().Length == 0)
            {
                result.Add(Finding(LintRules.AllowWithoutReason, path, line, $"'-- cutover:allow {id}' gives no reason"));
                continue;
            }
            var matched = false;
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i].RuleId == id && result[i].Active)
                {
                    result[i] = result[i] with { SuppressedBecause = split[1].Trim() };
                    matched = true;
                }
            }
            if (!matched)
                result.Add(Finding(LintRules.AllowUnused, path, line, $"'-- cutover:allow {id}' matches no finding on the statement below it"));
        }
        return result;
    }

    private static CheckFinding Finding(LintRule rule, string path, int line, string message) =>
        new(rule.Id, rule.Severity, path, line, message, rule.Reason, rule.Fix);
}
