using System.Text.Json;
using Json.Schema;

namespace Cutover.Tests.Cli.Json;

/// <summary>Validates a command's stdout against its schema under docs/json with JsonSchema.Net (draft 2020-12).</summary>
internal static class SchemaAssert
{
    public static JsonSchema Load(string path) =>
        // A registry of its own per load: the schemas share no $refs, and the global one refuses a second schema with the same $id.
        JsonSchema.FromText(File.ReadAllText(path), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>Fails with every violation (where in the document, which keyword) and the document itself.</summary>
    public static void Matches(string schemaFile, CliResult result)
    {
        Assert.True(result.Stdout.Length > 0, $"nothing on stdout; stderr: {result.Stderr}");
        Valid(Load(Path.Combine(OutputDocuments.Folder, schemaFile)), schemaFile, result.Stdout);
    }

    public static void Valid(JsonSchema schema, string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var evaluation = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, $"{name} does not describe the output: {string.Join("; ", Violations(evaluation))}\n{json}");
    }

    public static IEnumerable<string> Violations(EvaluationResults evaluation) =>
        (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join(", ", d.Errors!.Values)}");
}
