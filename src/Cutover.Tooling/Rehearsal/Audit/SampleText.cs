using System.Globalization;

namespace Cutover.Rehearsal.Audit;

/// <summary>Values of a violating row as short text for the sample: <c>id=17</c>, <c>email=NULL</c>.</summary>
internal static class SampleText
{
    private const int MaxValueLength = 40;

    public static string Pairs(IEnumerable<string> names, IEnumerable<object?> values) =>
        string.Join(", ", names.Zip(values, (n, v) => $"{n}={Value(v)}"));

    public static string Value(object? value)
    {
        var text = value switch
        {
            null => "NULL",
            string s => s,
            byte[] bytes => "x'" + Convert.ToHexString(bytes) + "'",
            DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.Length <= MaxValueLength ? text : text[..(MaxValueLength - 1)] + "…";
    }
}
