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

    /// <summary>
    /// The schema page's policy: the same, but inline styles are allowed. Mermaid draws the ER diagram as an SVG that
    /// carries its own &lt;style&gt; element and style attributes (written by its layout code, with sizes measured in the
    /// page), and the browser refuses every one of them under <c>style-src 'self'</c>: the diagram comes out unstyled and
    /// the console fills with violations. Neither a hash nor a nonce can cover them (the style depends on the diagram, and
    /// hashes do not apply to style attributes). Scripts stay <c>'self'</c> only, so markup that got through still runs
    /// nothing; what an injected style could do is limited to this page's look, since nothing can be loaded from elsewhere.
    /// </summary>
    public static readonly string DiagramContentSecurityPolicy = ContentSecurityPolicy.Replace("style-src 'self';", "style-src 'self' 'unsafe-inline';", StringComparison.Ordinal);

    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
    }

    /// <summary><paramref name="handler"/>, with the headers set before it writes anything, and timed (<see cref="ServerTiming"/>).</summary>
    public static RequestDelegate Around(RequestDelegate handler) => Around(handler, ContentSecurityPolicy);

    /// <summary><paramref name="handler"/>, with the headers (and <paramref name="contentSecurityPolicy"/>) set before it writes anything, and timed.</summary>
    public static RequestDelegate Around(RequestDelegate handler, string contentSecurityPolicy)
    {
        var timed = ServerTiming.Around(handler);
        return context =>
        {
            Apply(context.Response, contentSecurityPolicy);
            return timed(context);
        };
    }
}
