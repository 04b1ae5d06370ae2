namespace Cutover.Dashboard.Actions;

/// <summary>
/// A button beside an object on a page: a link to the action's confirmation page (a GET), never the action itself, so
/// nothing changes without a second, deliberate click on a form that carries the antiforgery token.
/// </summary>
internal sealed record ActionLink(string Text, string Icon, string ButtonClass, string Href)
{
    /// <summary>
    /// The steering a backfill in <paramref name="state"/> accepts (the runtime checks again when the form is posted:
    /// the state may have moved since the page was drawn). <paramref name="back"/> is the page to return to.
    /// </summary>
    public static IReadOnlyList<ActionLink> ForBackfill(DashboardPaths paths, string id, string state, string back)
    {
        var links = new List<ActionLink>();
        foreach (var action in BackfillAction.All)
        {
            if (action.Accepts(state))
                links.Add(new ActionLink(action.Button, action.Icon, action.ButtonClass, paths.Action(action.Key, id, back)));
        }
        return links;
    }

    /// <summary>What an operation migration in <paramref name="phase"/> accepts: verify, change the rollout, complete and abort while expanded, abort while expanding.</summary>
    public static IReadOnlyList<ActionLink> ForOperation(DashboardPaths paths, string id, string? phase) => phase switch
    {
        OperationPhases.Expanded =>
        [
            new("Verify", "bi-check2-square", "btn-outline-primary", paths.Action(VerifyAction.Name, id, "migration")),
            new("Change rollout", "bi-sliders", "btn-outline-primary", paths.Action(RolloutAction.Name, id, "migration")),
            new("Complete", "bi-box-arrow-right", "btn-outline-success", paths.Action(CompleteAction.Name, id, "migration")),
            new("Abort", "bi-x-octagon", "btn-outline-danger", paths.Action(AbortAction.Name, id, "migration")),
        ],
        OperationPhases.Expanding => [new("Abort", "bi-x-octagon", "btn-outline-danger", paths.Action(AbortAction.Name, id, "migration"))],
        _ => [],
    };
}
