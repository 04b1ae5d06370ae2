using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cutover.Backfill;

/// <summary>
/// The last key a backfill finished, stored in <c>cutover_backfill.position</c> as a JSON array with one tagged
/// string per key column (<c>i:42</c>, <c>s:text</c>, <c>u:uuid</c>, <c>b:base64</c>), so it reads back as the
/// same .NET type and binds as the same SQL type.
/// </summary>
internal static class KeyPosition
{
    public static string Write(IReadOnlyList<object> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
                writer.WriteStringValue(Tag(value));
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<object> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => Untag(e.GetString()!)).ToList();
    }

    /// <summary>The values as a person reads them, e.g. <c>42</c> or <c>(7, 'b')</c>.</summary>
    public static string Show(IReadOnlyList<object> values) =>
        values.Count == 1 ? ShowOne(values[0]) : "(" + string.Join(", ", values.Select(ShowOne)) + ")";

    private static string ShowOne(object value) => value switch
    {
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        Guid g => "'" + g.ToString() + "'",
        byte[] b => "x'" + Convert.ToHexString(b) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Tag(object value) => value switch
    {
        long or int or short or byte => "i:" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        string s => "s:" + s,
        Guid g => "u:" + g.ToString(),
        byte[] b => "b:" + Convert.ToBase64String(b),
        _ => throw new InvalidOperationException($"a backfill key value of type {value.GetType().Name} cannot be stored"),
    };

    private static object Untag(string tagged) => tagged[..2] switch
    {
        "i:" => long.Parse(tagged.AsSpan(2), CultureInfo.InvariantCulture),
        "s:" => tagged[2..],
        "u:" => Guid.Parse(tagged.AsSpan(2)),
        "b:" => Convert.FromBase64String(tagged[2..]),
        _ => throw new FormatException($"unknown key tag in '{tagged}'"),
    };
}
