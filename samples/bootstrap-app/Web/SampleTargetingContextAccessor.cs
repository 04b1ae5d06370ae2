using BootstrapApp.Data;
using Microsoft.FeatureManagement.FeatureFilters;

namespace BootstrapApp.Web;

/// <summary>
/// Who a request is, for the rollout's targeting filter: the signed-in user's name, and their user_group as the one group
/// (so <c>cutover rollout &lt;id&gt; --groups beta</c> works). A visitor who is signed in as nobody is an anonymous user:
/// only a 100% rollout (or complete) reaches them.
/// </summary>
public sealed class SampleTargetingContextAccessor(IHttpContextAccessor http, Database database) : ITargetingContextAccessor
{
    private const string CacheKey = nameof(SampleTargetingContextAccessor);

    public async ValueTask<TargetingContext> GetContextAsync()
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("targeting is asked outside a request");
        if (context.Items[CacheKey] is TargetingContext cached)
            return cached;
        var name = context.RequestServices.GetRequiredService<RequestInfo>().UserName;
        var groups = new List<string>();
        if (name is not null)
        {
            // user_group stays on users in every shape, so a plain connection can read it.
            await using var connection = await database.OpenAsync(context.RequestAborted);
            if (await UserDirectory.GroupOfAsync(connection, name, context.RequestAborted) is { } group)
                groups.Add(group);
        }
        var targeting = new TargetingContext { UserId = name, Groups = groups };
        context.Items[CacheKey] = targeting;
        return targeting;
    }
}
