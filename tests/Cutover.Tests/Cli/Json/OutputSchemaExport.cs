using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Cutover.Cli.Rendering;

namespace Cutover.Tests.Cli.Json;

/// <summary>
/// The JSON Schema (draft 2020-12) of one --json document, derived from the types the CLI serializes: the envelope
/// (<c>version</c> first), every property that is never null required, enum values as the CLI writes them. The files
/// under docs/json are this, committed; a test keeps them equal, so the contract changes only in a reviewed diff.
/// </summary>
internal static class OutputSchemaExport
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    public static JsonObject For(OutputDocument document)
    {
        var exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = RequireNonNullable };
        var body = JsonSchemaExporter.GetJsonSchemaAsNode(document.Type, exporter);
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = $"urn:cutover:json:{JsonContract.Version}:{document.File.Replace(".schema.json", "", StringComparison.Ordinal)}",
            ["title"] = $"cutover {document.Commands} --json",
            ["description"] = $"The --json output of `cutover {document.Commands}`, output contract version {JsonContract.Version} (docs/json.md).",
            ["type"] = "object",
        };
        var properties = new JsonObject { ["version"] = new JsonObject { ["const"] = JsonContract.Version } };
        var required = new JsonArray("version");
        if (document.ListName is { } name)
        {
            properties[name] = body;
            required.Add(name);
        }
        else
        {
            foreach (var (property, node) in ((JsonObject)body["properties"]!).ToList())
                properties[property] = node!.DeepClone();
            foreach (var property in body["required"]?.AsArray() ?? [])
                required.Add(property!.GetValue<string>());
        }
        schema["properties"] = properties;
        schema["required"] = required;
        return schema;
    }

    public static string Text(OutputDocument document) =>
        For(document).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    // The exporter requires only [JsonRequired] properties; the CLI always writes every property that is not null
    // (nulls are left out), so those are required too.
    private static JsonNode RequireNonNullable(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject obj && obj["properties"] is JsonObject)
        {
            var required = new JsonArray();
            foreach (var property in context.TypeInfo.Properties)
            {
                if (property.Get is not null && !property.IsGetNullable && !Nullable(property.PropertyType))
                    required.Add(property.Name);
            }
            if (required.Count > 0)
                obj["required"] = required;
        }
        return schema;
    }

    private static bool Nullable(Type type) => System.Nullable.GetUnderlyingType(type) is not null;
}
