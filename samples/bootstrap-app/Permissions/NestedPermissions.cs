using System.Text.Json;

namespace BootstrapApp.Permissions;

/// <summary>The new shape of story #3: an object per area, <c>{"pages":{"read":true,"write":false},"admin":{"users":false}}</c>.</summary>
public static class NestedPermissions
{
    /// <summary>
    /// Reads the object: a permission is granted when its area holds it as <c>true</c>. A value that is not an object (the
    /// flat array, read through the wrong shape) or a flag that is not a boolean throws, so the page fails visibly.
    /// </summary>
    public static IReadOnlyList<Permission> Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"permissions are not a nested object: {FlatPermissions.Shorten(text)}");
        var granted = new List<Permission>();
        foreach (var permission in PermissionCatalog.All)
        {
            if (!root.TryGetProperty(permission.Area, out var area) || area.ValueKind != JsonValueKind.Object
                || !area.TryGetProperty(permission.Action, out var flag))
                continue;
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new FormatException($"{permission.Label} is not true or false in {FlatPermissions.Shorten(text)}");
            if (flag.GetBoolean())
                granted.Add(permission);
        }
        return granted;
    }
}
