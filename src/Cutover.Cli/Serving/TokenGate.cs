using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Cutover.Cli.Serving;

/// <summary>
/// Lets a request through only with the dashboard token: in the query once (answered with a cookie and a redirect to
/// the same address without it), then in the cookie. Everything else gets 401.
/// </summary>
internal static class TokenGate
{
    public static Task HandleAsync(HttpContext context, RequestDelegate next, DashboardToken token)
    {
        var request = context.Request;
        if (token.Matches(request.Cookies[DashboardToken.CookieName]))
            return next(context);
        if (token.Matches(request.Query[DashboardToken.QueryName].ToString()))
        {
            context.Response.Cookies.Append(DashboardToken.CookieName, token.Value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                // Plain HTTP is what serve speaks; Secure would keep the browser from ever sending the cookie back.
                Secure = request.IsHttps,
            });
            var rest = new QueryBuilder(request.Query.Where(q => q.Key != DashboardToken.QueryName)
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(request.PathBase + request.Path + rest.ToQueryString());
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("401: this dashboard needs the token printed by `cutover serve` (open the URL it printed)\n", context.RequestAborted);
    }
}
