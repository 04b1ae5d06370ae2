using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Rehearsal.Contracts;

/// <summary>Parses the value of one <c>-- expect:</c> line into expectations.</summary>
internal static partial class ExpectationParser
{
    public const string ValidForms =
        "valid forms: rows >= N (also >, =, <=, <), same-rows, not-null col1, col2, max-slowdown 2x (a decimal factor of at least 1); " +
        "separate several on one line with ';'";

    [GeneratedRegex(@"^rows\s*(?<op>>=|<=|>|<|=)\s*(?<count>[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RowCount();

    [GeneratedRegex(@"^max-slowdown\s+(?<factor>[0-9]+(\.[0-9]+)?)\s*x$", RegexOptions.IgnoreCase)]
    private static partial Regex MaxSlowdown();

    // A bare name, or a double-quoted one for names with spaces or other characters ("" escapes ").
    [GeneratedRegex(@"^\s*(?:(?<bare>[\p{L}_][\p{L}\p{N}_$]*)|""(?<quoted>(?:[^""]|"""")+)"")\s*$")]
    private static partial Regex ColumnName();

    [GeneratedRegex(@"^(?<word>[A-Za-z][A-Za-z-]*)")]
    private static partial Regex LeadingWord();

    /// <summary>Parses <paramref name="value"/>, the text after <c>expect:</c> on line <paramref name="line"/> of <paramref name="path"/>.</summary>
    /// <exception cref="CutoverException">An unknown or malformed expectation (bad input naming <c>path:line</c>).</exception>
    public static IReadOnlyList<ContractExpectation> Parse(string path, int line, string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new InvalidFileException(path, line, $"empty '-- expect:' line", ValidForms);
        }
        return parts.Select(part => ParseOne(path, line, part)).ToList();
    }

    private static ContractExpectation ParseOne(string path, int line, string text)
    {
        var word = LeadingWord().Match(text) is { Success: true } m ? m.Groups["word"].Value.ToLowerInvariant() : "";
        switch (word)
        {
            case "rows":
                var rows = RowCount().Match(text);
                if (!rows.Success || !long.TryParse(rows.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw Malformed(path, line, text, "rows takes an operator and a whole number, e.g. rows >= 1");
                }
                return new RowCountExpectation(line, RowCountOperators.FromSymbol(rows.Groups["op"].Value)!.Value, count);

            case "same-rows":
                return text.Equals("same-rows", StringComparison.OrdinalIgnoreCase)
                    ? new SameRowsExpectation(line)
                    : throw Malformed(path, line, text, "same-rows takes nothing after it");

            case "not-null":
                return new NotNullExpectation(line, ParseColumns(path, line, text, text["not-null".Length..]));

            case "max-slowdown":
                var slowdown = MaxSlowdown().Match(text);
                if (!slowdown.Success
                    || !decimal.TryParse(slowdown.Groups["factor"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor))
                {
                    throw Malformed(path, line, text, "max-slowdown takes a factor followed by x, e.g. max-slowdown 2x or max-slowdown 1.5x");
                }
                if (factor < 1)
                {
                    throw Malformed(path, line, text, "the factor must be at least 1 (1x: no slower than before)");
                }
                return new MaxSlowdownExpectation(line, factor);

            default:
                throw new InvalidFileException(path, line, $"unknown expectation '{text}'", ValidForms);
        }
    }

    private static List<string> ParseColumns(string path, int line, string text, string list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            throw Malformed(path, line, text, "not-null takes the result columns that must have no NULL, e.g. not-null email, name");
        }
        var columns = new List<string>();
        foreach (var item in SplitColumnList(list))
        {
            var name = ColumnName().Match(item);
            if (!name.Success)
            {
                throw Malformed(path, line, text,
                    $"'{item.Trim()}' is not a column name; separate names with commas and double-quote names with spaces or symbols");
            }
            columns.Add(name.Groups["bare"].Success ? name.Groups["bare"].Value : name.Groups["quoted"].Value.Replace("\"\"", "\"", StringComparison.Ordinal));
        }
        return columns;
    }

    /// <summary>Splits at commas outside double quotes, so a quoted name may hold a comma.</summary>
    private static List<string> SplitColumnList(string list)
    {
        var items = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '"')
            {
                quoted = !quoted;
            }
            else if (list[i] == ',' && !quoted)
            {
                items.Add(list[start..i]);
                start = i + 1;
            }
        }
        items.Add(list[start..]);
        return items;
    }

    private static InvalidFileException Malformed(string path, int line, string text, string what) =>
        new InvalidFileException(path, line, $"malformed expectation '{text}': {what}", ValidForms);
}
