namespace Cutover.Dashboard;

/// <summary>
/// The headers every dashboard response carries. The pages show SQL and audit text written by anyone who can commit a
/// migration, so even if an encoding mistake let markup through, the CSP runs no script but the dashboard's own files,
/// and the page cannot be framed (clickjacking) or leak its URL (which may hold `cutover serve`'s token) to another site.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
    }

    /// <summary><paramref name="handler"/>, with the headers set before it writes anything, and timed (<see cref="ServerTiming"/>).</summary>
    public static RequestDelegate Around(RequestDelegate handler)
    {
        var timed = ServerTiming.Around(handler);
        return context =>
        {
            Apply(context.Response);
            return timed(context);
        };
    }
}
