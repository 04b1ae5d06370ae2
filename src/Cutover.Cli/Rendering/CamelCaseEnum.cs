using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutover.Cli.Rendering;

/// <summary>
/// Writes <typeparamref name="TEnum"/> as a camelCase string (<c>OutOfOrder</c> is <c>"outOfOrder"</c>), like the
/// property names around it. The generic converter is the Native AOT-safe one; the source generator creates it
/// through this parameterless constructor, one closed type per enum listed on <see cref="CliJson"/>.
/// </summary>
internal sealed class CamelCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
