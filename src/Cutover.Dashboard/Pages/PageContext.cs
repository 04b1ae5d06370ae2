using Cutover.Dashboard.Actions;

namespace Cutover.Dashboard.Pages;

/// <summary>What every page's layout needs besides its own data: the links, and the database it shows (redacted).</summary>
internal sealed record PageContext(DashboardPaths Paths, string Database)
{
    /// <summary>Whether the dashboard was mapped with <see cref="CutoverDashboardOptions.AllowActions"/>: pages draw action buttons only then.</summary>
    public bool ActionsAllowed { get; init; }

    /// <summary>What the last action did, shown once at the top of the page it returned to.</summary>
    public ActionNotice? Notice { get; init; }

    /// <summary>The migrator's <see cref="Migrator.RedactedConnection"/>, never its connection string: pages may be screenshotted and shared.</summary>
    public static PageContext For(HttpContext context, string prefix, Migrator migrator)
    {
        var paths = DashboardPaths.For(context, prefix);
        var actions = ActionsEnabled.On(context);
        return new(paths, migrator.RedactedConnection) { ActionsAllowed = actions, Notice = actions ? ActionNotice.Take(context, paths.Root) : null };
    }
}
