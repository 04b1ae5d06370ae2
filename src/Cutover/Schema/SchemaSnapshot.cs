using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutover.Schema;

/// <summary>
/// A schema model saved as JSON with its fingerprint (a JSON schema dump), so
/// a diff can compare a database with a file as well as with another database.
/// </summary>
/// <param name="Fingerprint">SHA-256 of the model's canonical text.</param>
/// <param name="Model">The model.</param>
public sealed record SchemaSnapshot(string Fingerprint, SchemaModel Model)
{
    /// <summary>The snapshot of <paramref name="model"/>.</summary>
    public static SchemaSnapshot Of(SchemaModel model) => new(SchemaText.Fingerprint(model), model);

    /// <summary>The snapshot as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SchemaJson.Default.SchemaSnapshot);

    /// <summary>Parses JSON written by <see cref="ToJson"/>.</summary>
    public static SchemaSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize(json, SchemaJson.Default.SchemaSnapshot) ?? throw new JsonException("empty snapshot");

    /// <summary>Reads a snapshot file; a file that is not one is bad input naming it.</summary>
    public static async Task<SchemaSnapshot> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, SchemaJson.Default.SchemaSnapshot, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidFileException(path, null, $"not a schema snapshot: {e.Message.ReplaceLineEndings(" ")}",
                "give a schema dumped as JSON");
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SchemaSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<SchemaChange>))]
internal sealed partial class SchemaJson : JsonSerializerContext;
