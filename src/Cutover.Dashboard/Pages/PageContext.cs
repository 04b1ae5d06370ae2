namespace Cutover.Dashboard.Pages;

/// <summary>What every page's layout needs besides its own data: the links, and the database it shows (redacted).</summary>
internal sealed record PageContext(DashboardPaths Paths, string Database)
{
    /// <summary>The migrator's <see cref="Migrator.RedactedConnection"/>, never its connection string: pages may be screenshotted and shared.</summary>
    public static PageContext For(HttpContext context, string prefix, Migrator migrator) =>
        new(DashboardPaths.For(context, prefix), migrator.RedactedConnection);
}
