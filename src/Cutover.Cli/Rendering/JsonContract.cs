using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Cutover.Cli.Rendering;

/// <summary>
/// The envelope every `--json` document has (docs/json.md): one object whose first property is
/// <see cref="Version"/>, then the command's own properties — or, for a command whose result is a list, that list
/// under a name (<c>{"version":1,"backfills":[…]}</c>), so that a property can be added later without breaking readers.
/// </summary>
internal static class JsonContract
{
    /// <summary>
    /// The version of the output contract, not of the tool. It changes only when a property is removed, renamed or
    /// changes meaning; new properties and new enum values come without a change (readers ignore what they do not know).
    /// </summary>
    public const int Version = 1;

    // Non-ASCII as is (a table named "café" stays readable); the relaxed encoder still escapes what JSON requires
    // (quotes, backslashes, control characters), so the document stays valid.
    private static readonly JsonWriterOptions Writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An object result: <c>version</c> first, then its properties.</summary>
    public static string Object<T>(T value, JsonTypeInfo<T> type)
    {
        var properties = JsonSerializer.SerializeToNode(value, type) as JsonObject
            ?? throw new InvalidOperationException($"{typeof(T).Name} does not serialize to a JSON object; give its list a name");
        var document = new JsonObject { ["version"] = Version };
        foreach (var (name, node) in properties.ToList())
        {
            properties.Remove(name);
            document[name] = node;
        }
        return Write(document);
    }

    /// <summary>A list result under <paramref name="name"/>.</summary>
    public static string List<T>(T value, JsonTypeInfo<T> type, string name) =>
        Write(new JsonObject { ["version"] = Version, [name] = JsonSerializer.SerializeToNode(value, type) });

    /// <summary>Any value in the contract's writing (indented, non-ASCII as is), without the envelope: SARIF has its own.</summary>
    public static string Plain<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
            JsonSerializer.Serialize(writer, value, type);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Write(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
            document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
