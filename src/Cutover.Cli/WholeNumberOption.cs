using System.CommandLine;
using System.Globalization;

namespace Cutover.Cli;

/// <summary>
/// An integer option whose parse error reads "--steps expects a whole number, not 'x'" instead of naming
/// System.Nullable`1[System.Int32]. Ranges are the engine's to check, so the library says the same.
/// </summary>
internal static class WholeNumberOption
{
    public static Option<int?> Create(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name} expects a whole number, not '{text}'");
            return null;
        },
    };
}
