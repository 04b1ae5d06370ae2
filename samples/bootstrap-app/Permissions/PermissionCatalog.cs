namespace BootstrapApp.Permissions;

/// <summary>One permission: its word in the flat array (v1) and its place in the nested object (v2).</summary>
public sealed record Permission(string FlatName, string Area, string Action)
{
    /// <summary>How the admin page shows it, the same in v1 and v2.</summary>
    public string Label => $"{Area}:{Action}";
}

/// <summary>
/// Every permission the app knows, in the order the admin page lists them. The story #3 migration's up and down
/// expressions map exactly these: "read" ↔ pages.read, "write" ↔ pages.write, "admin" ↔ admin.users.
/// </summary>
public static class PermissionCatalog
{
    public static readonly IReadOnlyList<Permission> All =
    [
        new("read", "pages", "read"),
        new("write", "pages", "write"),
        new("admin", "admin", "users"),
    ];

    /// <summary>The canonical text of a set of granted permissions: catalog order, comma-separated; "none" when empty.</summary>
    public static string Canonical(IEnumerable<Permission> granted)
    {
        var set = granted.ToHashSet();
        var labels = All.Where(set.Contains).Select(p => p.Label).ToList();
        return labels.Count == 0 ? "none" : string.Join(", ", labels);
    }
}
