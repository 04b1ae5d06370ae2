namespace Cutover.Dashboard.Actions;

/// <summary>
/// What an action did, shown once on the page the browser is sent back to (Post/Redirect/Get). It travels in a
/// short-lived cookie rather than the query string, so a crafted link cannot make the dashboard claim something happened.
/// </summary>
internal sealed record ActionNotice(bool Succeeded, string Text)
{
    private const string CookieName = "cutover-action-notice";

    // A cookie holds about 4 KB; a refusal is a sentence or two, but an error detail may carry a long statement.
    private const int MaxText = 1500;

    public void Store(HttpContext context, string root) =>
        context.Response.Cookies.Append(CookieName, (Succeeded ? "ok:" : "no:") + Uri.EscapeDataString(Shorten(Text)), Options(context, root));

    /// <summary>The notice the last action left for this page, deleted as it is read so a reload does not show it again.</summary>
    public static ActionNotice? Take(HttpContext context, string root)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || value is null || value.Length < 3)
            return null;
        context.Response.Cookies.Delete(CookieName, Options(context, root));
        return new ActionNotice(value.StartsWith("ok:", StringComparison.Ordinal), Uri.UnescapeDataString(value[3..]));
    }

    private static CookieOptions Options(HttpContext context, string root) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = root.Length == 0 ? "/" : root,
        // serve speaks plain HTTP; an app behind TLS gets a Secure cookie.
        Secure = context.Request.IsHttps,
        MaxAge = TimeSpan.FromMinutes(5),
    };

    private static string Shorten(string text) => text.Length <= MaxText ? text : text[..MaxText] + "…";
}
