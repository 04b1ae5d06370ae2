using System.Reflection;
using Cutover.Checking;
using Cutover.Checking.Lint;

namespace Cutover.Cli.Rendering;

/// <summary>
/// `check --format sarif`: the findings as a SARIF 2.1.0 log, the format code scanning uploads take
/// (github/codeql-action/upload-sarif). Paths are relative to the repository root, where code scanning looks for them.
/// </summary>
internal static class SarifOutput
{
    private const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string SourceRoot = "%SRCROOT%";

    public static void Write(TextWriter output, CheckReport report, IEngineLint engine, string workingDirectory, bool strict)
    {
        var root = RepositoryRoot(workingDirectory);
        var known = LintRules.All.Concat(engine.Rules).ToDictionary(r => r.Id);
        var rules = new List<SarifRule>();
        var index = new Dictionary<string, int>();
        foreach (var f in report.Findings)
        {
            if (index.ContainsKey(f.RuleId))
                continue;
            index[f.RuleId] = rules.Count;
            // Findings of the checks around the lint (file names, cutover.sum, the base branch) have no LintRule: their finding says the same.
            var (severity, reason, fix) = known.TryGetValue(f.RuleId, out var rule) ? (rule.Severity, rule.Reason, rule.Fix) : (f.Severity, f.Reason, f.Fix);
            rules.Add(new SarifRule(f.RuleId, new SarifText(Short(reason)), new SarifText(reason),
                new SarifText($"Instead: {fix} (docs/lint.md#{f.RuleId})"), new SarifConfiguration(Level(severity, strict))));
        }
        var results = report.Findings.Select(f => new SarifResult(f.RuleId, index[f.RuleId], Level(f.Severity, strict),
            new SarifText(f.Active ? $"{f.Message}. Why: {f.Reason}" : f.Message),
            [new SarifLocation(new SarifPhysicalLocation(new SarifArtifactLocation(Relative(f.File, root), SourceRoot), new SarifRegion(Math.Max(1, f.Line))))],
            f.Active ? null : [new SarifSuppression("inSource", f.SuppressedBecause!)])).ToList();

        var version = ToolVersion();
        var driver = new SarifDriver("Cutover", version, version.Split('+')[0], rules);
        var baseIds = new Dictionary<string, SarifArtifactLocation> { [SourceRoot] = new(new Uri(root + Path.DirectorySeparatorChar).AbsoluteUri) };
        var log = new SarifLog(Schema, "2.1.0", [new SarifRun(new SarifTool(driver), results, baseIds)]);
        output.WriteLine(JsonContract.Plain(log, SarifJson.Default.SarifLog));
    }

    /// <summary>Warnings are errors under --strict, as they fail the check then.</summary>
    private static string Level(Severity severity, bool strict) => severity == Severity.Error || strict ? "error" : "warning";

    /// <summary>The reason up to its first colon or semicolon: what goes wrong, without the detail.</summary>
    private static string Short(string reason)
    {
        var end = reason.IndexOfAny([':', ';']);
        return end > 0 ? reason[..end] : reason;
    }

    /// <summary>The nearest folder above <paramref name="workingDirectory"/> holding .git (a folder, or a file in a worktree); else the working directory.</summary>
    public static string RepositoryRoot(string workingDirectory)
    {
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
                return dir.FullName;
        }
        return Path.GetFullPath(workingDirectory);
    }

    private static string Relative(string path, string root) =>
        string.Join('/', Path.GetRelativePath(root, path).Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string ToolVersion() =>
        typeof(SarifOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
