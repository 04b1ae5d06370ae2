using BootstrapApp.Data;
using BootstrapApp.Shapes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BootstrapApp.Pages;

/// <summary>/users/{id}: edits one profile through the shape of story #5 this request gets; POST saves and redirects back.</summary>
public sealed class EditProfileModel(IShapeChooser shapes, WideUserQueries wide, SplitUserQueries split) : PageModel
{
    public ProfileInput Fields { get; set; } = new();

    public string UserName { get; private set; } = "";

    [BindProperty(SupportsGet = true, Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        await using var shaped = await shapes.OpenAsync(Feature.Profiles, cancellationToken);
        var found = await Queries(shaped).FindProfileAsync(shaped.Connection, id, cancellationToken);
        if (found is not { } profile)
            return NotFound();
        UserName = profile.Name;
        Fields = ProfileInput.From(profile.Fields);
        ViewData["UserNames"] = await UserDirectory.NamesAsync(shaped.Connection, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        await using var shaped = await shapes.OpenAsync(Feature.Profiles, cancellationToken);
        // The inputs are named as the markup contract says (display_name, bio, …), without a model prefix.
        if (!await TryUpdateModelAsync(Fields, ""))
        {
            var found = await Queries(shaped).FindProfileAsync(shaped.Connection, id, cancellationToken);
            UserName = found?.Name ?? "";
            ViewData["UserNames"] = await UserDirectory.NamesAsync(shaped.Connection, cancellationToken);
            return Page();
        }
        if (!await Queries(shaped).SaveProfileAsync(shaped.Connection, id, Fields.ToFields(), cancellationToken))
            return NotFound();
        return Redirect($"/users/{id}?saved=true");
    }

    private IUserQueries Queries(ShapedConnection shaped) => shaped.Shape == DataShape.New ? split : wide;
}
