using System.Collections;
using System.Globalization;
using System.Text;

namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// Turns a value read from a result into the text that contract comparisons use. The text is
/// canonical so that a change of representation that a page would not show is not reported as a
/// change of data: <c>1.50</c> and <c>1.5</c>, an int and a bigint, a timestamp with or without a
/// time zone kind all give the same text. NULL stays null, distinct from the text "NULL".
/// </summary>
internal static class ValueText
{
    public static string? Normalise(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => Decimal(d),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => Timestamp(t),
        DateTimeOffset t => Timestamp(t.UtcDateTime),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        char c => c.ToString(),
        // Arrays, lists and dictionaries (PostgreSQL arrays, hstore): element by element, so that
        // two different arrays never share the text of their type name.
        IEnumerable items => Sequence(items),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Without trailing fraction zeros: a change of scale (numeric(10,2) to numeric(12,4)) is not a change of value.</summary>
    private static string Decimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>ISO-like, without the kind (a timestamp migrated to timestamptz in UTC keeps its text), and a date alone at midnight.</summary>
    private static string Timestamp(DateTime value) =>
        value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Sequence(IEnumerable items)
    {
        var text = new StringBuilder("{");
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            text.Append(item is DictionaryEntry entry
                ? $"{Normalise(entry.Key)}=>{Normalise(entry.Value) ?? "NULL"}"
                : Normalise(item) ?? "NULL");
        }
        return text.Append('}').ToString();
    }
}
