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
        var body = JsonSchemaExporter.GetJsonSchemaAsNode(document.Type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        RequireNonNullable(body);
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = $"urn:cutover:json:{JsonContract.Version}:{document.File.Replace(".schema.json", "", StringComparison.Ordinal)}",
            ["title"] = document.Title,
            ["description"] = document.Enveloped
                ? $"{document.Title}: output contract version {JsonContract.Version} (docs/json.md)."
                : $"{document.Title} (docs/schema.md); a file format, without the output contract's version field.",
            ["type"] = "object",
        };
        if (!document.Enveloped)
        {
            foreach (var (property, node) in ((JsonObject)body).ToList())
            {
                if (property is not ("$schema" or "type"))
                    schema[property] = node!.DeepClone();
            }
            return schema;
        }
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

    // The exporter requires only [JsonRequired] properties; the CLI writes every property whose value is not null
    // (nulls are left out), so each property whose schema does not allow null is required. Done on the finished
    // tree: while the exporter builds it, a property's schema does not say yet that it may be null.
    private static void RequireNonNullable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject properties)
                {
                    var required = new JsonArray();
                    foreach (var (name, property) in properties)
                    {
                        if (!AllowsNull(property))
                            required.Add(name);
                    }
                    obj.Remove("required");
                    if (required.Count > 0)
                        obj["required"] = required;
                }
                foreach (var (_, child) in obj.ToList())
                    RequireNonNullable(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    RequireNonNullable(child);
                break;
        }
    }

    private static bool AllowsNull(JsonNode? property) => property switch
    {
        JsonObject { } o when o["type"] is JsonArray types => types.Any(t => t?.GetValue<string>() == "null"),
        JsonObject { } o when o["type"] is JsonValue type => type.GetValue<string>() == "null",
        JsonObject { } o when o["enum"] is JsonArray values => values.Any(v => v is null),
        _ => false,
    };
}
