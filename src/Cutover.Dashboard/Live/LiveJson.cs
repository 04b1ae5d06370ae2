using System.Text.Json.Serialization;

namespace Cutover.Dashboard.Live;

/// <summary>
/// live.json's serializer, generated at build time: `cutover serve` is a Native AOT binary, where reflection-based
/// System.Text.Json is unavailable. camelCase, as the script reads it.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LiveWork))]
internal sealed partial class LiveJson : JsonSerializerContext;
