using Microsoft.AspNetCore.Http;

namespace Cutover.Cli.Serving;

/// <summary>
/// What serve does when a page cannot be read (the database is down, a history row is unreadable): the error goes to
/// stderr, as every command reports its errors, and the browser gets a 500 that points there. serve logs nothing else,
/// so without this a failing page would be a blank 500 with no trace anywhere.
/// </summary>
internal static class ErrorReporting
{
    public static async Task HandleAsync(HttpContext context, RequestDelegate next, TextWriter stderr)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            var message = e is CutoverException known ? ErrorAdvice.MessageOf(known) : $"unexpected {e.GetType().Name}: {e.Message}";
            await stderr.WriteLineAsync($"error: {context.Request.Method} {context.Request.Path}: {message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            // The body says where to look, not what failed: the page may be open on a machine the error should not reach.
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("500: the dashboard could not read the database; the terminal running `cutover serve` says why\n", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
