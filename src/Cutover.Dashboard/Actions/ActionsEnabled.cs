using Microsoft.AspNetCore.Routing;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// Endpoint metadata on every page of a dashboard mapped with <see cref="CutoverDashboardOptions.AllowActions"/>: the
/// pages draw their buttons only when it is there, so a read-only dashboard shows none.
/// </summary>
internal sealed class ActionsEnabled
{
    public static readonly ActionsEnabled Instance = new();

    private ActionsEnabled()
    {
    }

    public static bool On(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ActionsEnabled>() is not null;
}
