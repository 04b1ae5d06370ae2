using System.Text.RegularExpressions;

namespace BootstrapApp.Web;

/// <summary>
/// The demo's sign-in: no password, a cookie <c>user</c> naming who the visitor is. <c>?as=&lt;name&gt;</c> on any page
/// sets it (the navbar's menu submits that, and browser tests use it directly); <c>?as=</c> signs out.
/// </summary>
public sealed partial class SignInMiddleware(RequestDelegate next)
{
    public const string Cookie = "user";

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex UserName();

    public Task InvokeAsync(HttpContext context, RequestInfo request)
    {
        if (context.Request.Query.TryGetValue("as", out var asValues))
        {
            var name = asValues.ToString().Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                context.Response.Cookies.Delete(Cookie);
            }
            else if (UserName().IsMatch(name))
            {
                context.Response.Cookies.Append(Cookie, name, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
                request.UserName = name;
            }
        }
        else if (context.Request.Cookies.TryGetValue(Cookie, out var cookie) && UserName().IsMatch(cookie))
        {
            request.UserName = cookie;
        }
        return next(context);
    }
}
