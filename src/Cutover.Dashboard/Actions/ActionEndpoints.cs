using Cutover.Dashboard.Pages;
using Cutover.Dashboard.Slices;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// <c>GET &lt;prefix&gt;/actions/&lt;name&gt;?id=…</c> answers the confirmation page; <c>POST</c> to the same address, with the
/// antiforgery token of that page, does the action and redirects back to the object's page with what happened
/// (Post/Redirect/Get, so a reload never repeats it). Mapped only with <see cref="CutoverDashboardOptions.AllowActions"/>.
/// </summary>
internal static class ActionEndpoints
{
    private static readonly IReadOnlyDictionary<string, DashboardAction> Actions = new DashboardAction[]
    {
        BackfillAction.Pause, BackfillAction.Resume, BackfillAction.Cancel, new VerifyAction(), new RolloutAction(), new CompleteAction(), new AbortAction(),
    }.ToDictionary(a => a.Key, StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints, RouteGroupBuilder group, string root)
    {
        // Checked now, not at the first click: a missing registration is the app's setup error, and it should fail at start.
        if (endpoints.ServiceProvider.GetService<IAntiforgery>() is null)
        {
            throw new InvalidOperationException(
                "MapCutoverDashboard: AllowActions needs ASP.NET Core antiforgery for its forms; call builder.Services.AddAntiforgery() before building the app.");
        }
        group.WithMetadata(ActionsEnabled.Instance);
        group.MapMethods("/actions/{action}", [HttpMethods.Get, HttpMethods.Head], SecurityHeaders.Around(context => ConfirmAsync(context, root)));
        group.MapMethods("/actions/{action}", [HttpMethods.Post], SecurityHeaders.Around(context => RunAsync(context, root)));
    }

    private static DashboardAction? ActionOf(HttpContext context) =>
        context.Request.RouteValues["action"] is string key && Actions.TryGetValue(key, out var action) ? action : null;

    private static Migrator MigratorOf(HttpContext context) => context.RequestServices.GetRequiredService<Migrator>();

    private static async Task ConfirmAsync(HttpContext context, string root)
    {
        var action = ActionOf(context);
        var migrator = MigratorOf(context);
        var input = ActionInput.From(context.Request.Query);
        var plan = action is null ? null : await action.DescribeAsync(migrator, input, context.RequestAborted).ConfigureAwait(false);
        if (action is null || plan is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var page = PageContext.For(context, root, migrator);
        // Stores the cookie half of the pair and gives the half the form carries; both must come back with the POST.
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        List<KeyValuePair<string, string>> hidden = [new(ActionInput.IdField, input.Id), new(ActionInput.BackField, input.Back), .. plan.Fields];
        var model = new ConfirmModel(page, plan, page.Paths.ActionForm(action.Key), input.ReturnPath(page.Paths, plan.MigrationId),
            tokens.FormFieldName, tokens.RequestToken ?? "", hidden);
        var active = input.Back is "live" or "overview" ? input.Back : "migrations";
        context.Response.Headers.CacheControl = "no-store";
        await ((IResult)Confirm.Create(new DashboardView(plan.Title, active, page, model))).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task RunAsync(HttpContext context, string root)
    {
        var action = ActionOf(context);
        if (action is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!await IsAntiforgeryValidAsync(context).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("400: the form's antiforgery token is missing or wrong, so nothing was done; open the confirmation page again and confirm from there\n",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var input = ActionInput.From(await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false));
        var migrator = ActingMigrator.For(context, MigratorOf(context));
        // Not the request's token: a closed tab must not cut a complete or an abort off halfway; only stopping the app does.
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        ActionNotice notice;
        try
        {
            notice = new ActionNotice(true, await action.RunAsync(migrator, input, stopping).ConfigureAwait(false));
        }
        catch (CutoverException e) when (e is not ConnectionFailedException and not ConnectionLostException)
        {
            // A refusal (not verified, wrong state, rollout not done, lock held …) is an answer for the person who clicked.
            // An unreachable database is not: it goes on to the app's error handling (serve: stderr and a 500).
            notice = new ActionNotice(false, e.Remedy is { } remedy ? $"{e.Message} — {remedy}" : e.Message);
        }
        var paths = DashboardPaths.For(context, root);
        notice.Store(context, paths.Root);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = input.ReturnPath(paths, action.MigrationOf(input.Id));
    }

    private static async Task<bool> IsAntiforgeryValidAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
