using System.Text.Json;

namespace BootstrapApp.Permissions;

/// <summary>The old shape of story #3: a flat JSON array of words, <c>["read","write"]</c>.</summary>
public static class FlatPermissions
{
    /// <summary>
    /// Reads the array. Anything else (the nested object after complete, an unknown word) throws: the page fails with
    /// an error instead of showing an empty list, which was story #3's failure.
    /// </summary>
    public static IReadOnlyList<Permission> Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException($"permissions are not a flat array: {Shorten(text)}");
        return document.RootElement.EnumerateArray().Select(word =>
            PermissionCatalog.All.FirstOrDefault(p => word.ValueKind == JsonValueKind.String && p.FlatName == word.GetString())
            ?? throw new FormatException($"unknown permission {word.GetRawText()} in {Shorten(text)}")).ToList();
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
