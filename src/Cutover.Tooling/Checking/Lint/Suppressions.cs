namespace Cutover.Checking.Lint;

/// <summary>
/// <c>-- cutover:allow &lt;rule-id&gt;[,&lt;rule-id&gt;…] &lt;reason&gt;</c> above (or inside) a statement marks those rules'
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
            // One allow may name several rules, comma-separated: dropping twelve columns needs one line, not twelve.
            var reason = split.Length < 2 ? "" : split[1].Trim();
            foreach (var id in split[0].Split(',', StringSplitOptions.TrimEntries))
            {
                var shown = split[0].Contains(',', StringComparison.Ordinal) ? $"'-- cutover:allow {split[0]}': {(id.Length == 0 ? "an empty rule id" : id)}" : $"'-- cutover:allow {id}'";
                if (id.Length == 0 || !isKnownRule(id))
                {
                    result.Add(Finding(LintRules.AllowUnknownRule, path, line, id.Length == 0 ? $"{shown} (write the list without spaces: rule-a,rule-b <reason>)" : $"{shown}: no rule has this id"));
                    continue;
                }
                if (reason.Length == 0)
                {
                    result.Add(Finding(LintRules.AllowWithoutReason, path, line, $"{shown} gives no reason"));
                    continue;
                }
                var matched = false;
                for (var i = 0; i < result.Count; i++)
                {
                    if (result[i].RuleId == id && result[i].Active)
                    {
                        result[i] = result[i] with { SuppressedBecause = reason };
                        matched = true;
                    }
                }
                if (!matched)
                    result.Add(Finding(LintRules.AllowUnused, path, line, $"{shown} matches no finding on the statement below it"));
            }
        }
        return result;
    }

    private static CheckFinding Finding(LintRule rule, string path, int line, string message) =>
        new(rule.Id, rule.Severity, path, line, message, rule.Reason, rule.Fix);
}
