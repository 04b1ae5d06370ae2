using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cutover.Cli.Rendering;

namespace Cutover.Tests.Cli.Json;

/// <summary>Every enum any --json document can hold is written camelCase: one missing from CliJson's converters is found here.</summary>
public sealed class CamelCaseEnumTests
{
    [Fact]
    public void Every_enum_value_in_the_output_is_written_in_camel_case()
    {
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        foreach (var document in OutputDocuments.All)
            Walk(document.Type.Type, seen, enums);

        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            var info = CliJson.Default.GetTypeInfo(type)!;
            foreach (var value in Enum.GetValues(type))
            {
                var written = JsonSerializer.Serialize(value, info).Trim('"');
                Assert.True(char.IsLower(written[0]) && written == JsonNamingPolicy.CamelCase.ConvertName(value.ToString()!),
                    $"{type.Name}.{value} is written {written}: add CamelCaseEnum<{type.Name}> to CliJson's converters");
            }
        }
    }

    private static void Walk(Type type, HashSet<Type> seen, HashSet<Type> enums)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type))
            return;
        if (type.IsEnum)
        {
            enums.Add(type);
            return;
        }
        var info = CliJson.Default.GetTypeInfo(type);
        if (info is null)
            return;
        if (info.ElementType is { } element)
            Walk(element, seen, enums);
        if (info.KeyType is { } key)
            Walk(key, seen, enums);
        if (info.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in info.Properties)
                Walk(property.PropertyType, seen, enums);
        }
    }
}
