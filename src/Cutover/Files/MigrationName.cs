using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Files;

/// <summary>The naming rule of migration files: <c>&lt;yyyyMMddHHmmss&gt;_&lt;slug&gt;.sql</c>, slug of [a-z0-9_].</summary>
internal static partial class MigrationName
{
    /// <summary>The format of a migration id: a UTC timestamp to the second.</summary>
    public const string IdFormat = "yyyyMMddHHmmss";

    private const string Expected = "<yyyyMMddHHmmss>_<name>.sql";

    [GeneratedRegex(@"^(?<id>[0-9]{14})_(?<slug>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();

    // A near miss (wrong case, hyphens, spaces, a missing underscore) that a rename can fix.
    [GeneratedRegex(@"^(?<id>[0-9]{14})[_\- ]*(?<slug>.+?)\.sql$", RegexOptions.IgnoreCase)]
    private static partial Regex NearMissPattern();

    [GeneratedRegex(@"[\s\-]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex CamelCaseBoundary();

    [GeneratedRegex(@"^[a-z0-9_]*[a-z0-9][a-z0-9_]*$")]
    private static partial Regex SlugPattern();

    /// <summary>Splits the file name of <paramref name="path"/> into id and slug, or throws bad input naming the rule.</summary>
    public static (string Id, string Slug) ParseFileName(string path)
    {
        if (TryParseFileName(path, out var id, out var slug))
        {
            return (id, slug);
        }
        var file = Path.GetFileName(path);
        throw new InvalidMigrationNameException(path, Problem(file), remedy: RemedyFor(file));
    }

    /// <summary>Splits the file name of <paramref name="path"/> into id and slug; false when it does not follow the rule.</summary>
    public static bool TryParseFileName(string path, out string id, out string slug)
    {
        var match = FileNamePattern().Match(Path.GetFileName(path));
        if (match.Success && IsValidId(match.Groups["id"].Value))
        {
            (id, slug) = (match.Groups["id"].Value, match.Groups["slug"].Value);
            return true;
        }
        (id, slug) = (string.Empty, string.Empty);
        return false;
    }

    /// <summary>What is wrong with a file name that <see cref="TryParseFileName"/> refused.</summary>
    public static string Problem(string file) => $"bad migration file name '{file}': expected {Expected}";

    /// <summary>Whether <paramref name="id"/> is 14 digits forming a real UTC date and time.</summary>
    public static bool IsValidId(string id) =>
        id.Length == 14 && DateTime.TryParseExact(id, IdFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _);

    /// <summary>
    /// Turns a user's name for a migration into a slug: trimmed, lower-case, spaces and hyphens
    /// becoming one underscore, and <c>AddRoles</c> becoming <c>add_roles</c>. Null when other characters remain or nothing is left.
    /// </summary>
    public static string? NormaliseSlug(string name)
    {
        var separated = CamelCaseBoundary().Replace(Separators().Replace(name.Trim(), "_"), "_");
        var slug = separated.ToLowerInvariant();
        return SlugPattern().IsMatch(slug) ? slug : null;
    }

    /// <summary>How to fix a file name that <see cref="TryParseFileName"/> refused.</summary>
    public static string? RemedyFor(string file)
    {
        var nearMiss = NearMissPattern().Match(file);
        if (!nearMiss.Success)
        {
            return null;
        }
        var id = nearMiss.Groups["id"].Value;
        if (!IsValidId(id))
        {
            return $"give it a real UTC date and time ('{id}' is not one)";
        }
        return NormaliseSlug(nearMiss.Groups["slug"].Value) is { } slug
            ? $"rename it to '{id}_{slug}.sql'"
            : "rename it using only a-z, 0-9 and _";
    }
}
