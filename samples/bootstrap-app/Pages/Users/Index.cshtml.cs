using BootstrapApp.Data;
using BootstrapApp.Shapes;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BootstrapApp.Pages;

/// <summary>/users: every user, read through the shape of story #5 this request gets.</summary>
public sealed class UsersModel(IShapeChooser shapes, WideUserQueries wide, SplitUserQueries split) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var shaped = await shapes.OpenAsync(Feature.Profiles, cancellationToken);
        IUserQueries queries = shaped.Shape == DataShape.New ? split : wide;
        Users = await queries.ListAsync(shaped.Connection, cancellationToken);
        ViewData["UserNames"] = Users.Select(u => u.Name).ToList();
    }
}
