using System.Text.RegularExpressions;

namespace Cutover.Tests.Architecture;

/// <summary>
/// The runtime's namespaces depend on each other in one direction: no cycle among them (files never reach into
/// backfills, which read files), and the provider seam names only the schema model and the SQL lexer, which never use a
/// provider. Dependencies are read from the source: <c>using Cutover.X;</c> and qualified names <c>X.Type</c>.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    [GeneratedRegex(@"^namespace Cutover\.?(?<ns>[A-Za-z]*)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"using Cutover\.(?<ns>[A-Za-z]+);|\b(?<ns>Files|Backfill|History|Running|Schema|Sql|Hosting|Workflows)\.[A-Z]")]
    private static partial Regex Reference();

    [Fact]
    public void The_runtimes_namespaces_form_no_cycle()
    {
        var graph = Graph();
        Assert.Contains("Files", graph["Backfill"]); // the guard reads real dependencies
        foreach (var start in graph.Keys)
        {
            var path = CycleFrom(start, graph, [start]);
            Assert.True(path is null, $"namespace cycle: {string.Join(" -> ", path ?? [])}");
        }
    }

    [Fact]
    public void The_provider_seam_names_only_namespaces_that_never_use_a_provider()
    {
        var seam = References(File.ReadAllText(Path.Combine(Source(), "IDatabaseProvider.cs")));
        Assert.Subset(new HashSet<string>(["Schema", "Sql"]), seam);
        foreach (var used in seam)
        {
            var users = Directory.EnumerateFiles(Path.Combine(Source(), used), "*.cs")
                .Where(f => Regex.IsMatch(File.ReadAllText(f), @"\bIDatabaseProvider\b")).ToList();
            Assert.True(users.Count == 0, $"{used} is named by IDatabaseProvider and uses it: {string.Join(", ", users)}");
        }
    }

    private static List<string>? CycleFrom(string node, Dictionary<string, HashSet<string>> graph, List<string> path)
    {
        foreach (var next in graph.GetValueOrDefault(node) ?? [])
        {
            if (next == path[0])
                return [.. path, next];
            if (path.Contains(next))
                continue;
            if (CycleFrom(next, graph, [.. path, next]) is { } cycle)
                return cycle;
        }
        return null;
    }

    /// <summary>Sub-namespace to the sub-namespaces it uses (the root namespace — Migrator, errors, options — is left out: it is the package's vocabulary).</summary>
    private static Dictionary<string, HashSet<string>> Graph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Source(), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var ns = NamespaceLine().Match(text).Groups["ns"].Value;
            if (ns.Length == 0)
                continue;
            var uses = graph.TryGetValue(ns, out var known) ? known : graph[ns] = [];
            uses.UnionWith(References(text).Where(r => r != ns));
        }
        return graph;
    }

    private static HashSet<string> References(string text) =>
        Reference().Matches(Regex.Replace(text, @"//.*", "")).Select(m => m.Groups["ns"].Value).ToHashSet(StringComparer.Ordinal);

    private static string Source() => Path.Combine(RepositoryFolder.Root(), "src", "Cutover");
}
