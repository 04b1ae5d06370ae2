using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BootstrapApp.Pages;

/// <summary>
/// Where an unhandled exception lands (UseExceptionHandler re-executes this page with status 500), for every method: a
/// failed query shows as this page, never as a blank table. The message is shown because this is a demo whose browser
/// tests and readers want to see which migration broke what; Razor encodes it.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string? Message { get; private set; }

    public void OnGet() => Read();

    public void OnPost() => Read();

    private void Read()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Status = failure is null ? Response.StatusCode : StatusCodes.Status500InternalServerError;
        Response.StatusCode = Status;
        Message = failure is null ? null : $"{failure.GetType().Name}: {failure.Message}";
    }
}
