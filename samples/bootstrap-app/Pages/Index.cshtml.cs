using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BootstrapApp.Pages;

/// <summary>The users list is the home page.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/users");
}
