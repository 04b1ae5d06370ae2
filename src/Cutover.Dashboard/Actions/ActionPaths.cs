namespace Cutover.Dashboard.Actions;

/// <summary>The URLs of the actions: <c>&lt;prefix&gt;/actions/&lt;name&gt;</c>, its confirmation page with the object in the query.</summary>
internal static class ActionPaths
{
    /// <summary>The confirmation page of <paramref name="action"/> on <paramref name="id"/>, returning to <paramref name="back"/> (live, overview or migration).</summary>
    public static string Action(this DashboardPaths paths, string action, string id, string back) =>
        $"{paths.ActionForm(action)}?{ActionInput.IdField}={Uri.EscapeDataString(id)}&{ActionInput.BackField}={Uri.EscapeDataString(back)}";

    /// <summary>Where the confirmation page posts (and where a GET form, such as the rollout's, asks for the confirmation).</summary>
    public static string ActionForm(this DashboardPaths paths, string action) => $"{paths.Root}/actions/{action}";
}
