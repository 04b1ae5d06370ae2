using BootstrapApp.Data;
using BootstrapApp.Permissions;
using BootstrapApp.Shapes;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BootstrapApp.Pages;

/// <summary>One line of the permissions table: the user and the canonical text of what they hold.</summary>
public sealed record PermissionRow(string Name, string Permissions);

/// <summary>
/// /admin/permissions: each user's permissions, read through the shape of story #3 this request gets and shown in one
/// canonical text (pages:read, pages:write, admin:users) whichever shape stored them.
/// </summary>
public sealed class PermissionsModel(IShapeChooser shapes) : PageModel
{
    public IReadOnlyList<PermissionRow> Rows { get; private set; } = [];

    public bool Nested { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var shaped = await shapes.OpenAsync(Feature.Permissions, cancellationToken);
        Nested = shaped.Shape == DataShape.New;
        var stored = await PermissionQueries.ListAsync(shaped.Connection, cancellationToken);
        Func<string, IReadOnlyList<Permission>> parse = Nested ? NestedPermissions.Parse : FlatPermissions.Parse;
        Rows = stored.Select(s => new PermissionRow(s.Name, PermissionCatalog.Canonical(parse(s.Text)))).ToList();
        ViewData["UserNames"] = stored.Select(s => s.Name).ToList();
    }
}
