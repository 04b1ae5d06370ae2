using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Files;

/// <summary>The <c>&lt;yyyyMMddHHmmss&gt;_&lt;name&gt;.sql</c> naming rule.</summary>
internal static partial class MigrationFileName
{
    [GeneratedRegex(@"^(?<id>\d{14})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonSlug();

    public static bool TryParse(string fileName, out string id, out string name)
    {
        var match = Pattern().Match(fileName);
        id = match.Groups["id"].Value;
        name = match.Groups["name"].Value;
        return match.Success && IsTimestamp(id);
    }

    public static bool IsTimestamp(string id) =>
        DateTime.TryParseExact(id, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>"Add user-roles" → "add_user_roles"; empty when nothing usable is left.</summary>
    public static string ToSlug(string name) => NonSlug().Replace(name.Trim().ToLowerInvariant(), "_").Trim('_');
}
