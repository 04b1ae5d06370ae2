using Cutover.Dashboard.Actions;
using Cutover.Dashboard.Live;
using Cutover.Dashboard.Pages;
using Cutover.Dashboard.Rehearsals;
using Cutover.Dashboard.Slices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RazorSlices;

namespace Cutover.Dashboard;

/// <summary>Maps Cutover's read-only dashboard into an ASP.NET Core app.</summary>
public static class CutoverDashboardEndpoints
{
    /// <summary>
    /// Maps the dashboard's pages (overview, migrations, one migration, schema, live work and its JSON, rehearsals, audit log) and its assets under
    /// <paramref name="prefix"/>, reading the <see cref="Cutover.Migrator"/> registered in the services
    /// (<c>services.AddCutover(options, provider)</c>). Every response carries a strict Content-Security-Policy and
    /// the other security headers. The pages only read unless <see cref="CutoverDashboardOptions.AllowActions"/> is set
    /// through <paramref name="configure"/> (which then needs <c>services.AddAntiforgery()</c>); protect them like any other
    /// admin page, e.g. with <c>.RequireAuthorization()</c> on the group this returns.
    /// </summary>
    public static RouteGroupBuilder MapCutoverDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/cutover", Action<CutoverDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new CutoverDashboardOptions();
        configure?.Invoke(options);
        var root = DashboardPaths.NormalizePrefix(prefix);
        var group = endpoints.MapGroup(root);
        // RequestDelegate handlers, not lambdas with bound parameters: they need no runtime code generation or
        // request delegate generator, so the dashboard stays trimmable and Native AOT-safe inside any app.
        group.MapMethods("/", ReadMethods, SecurityHeaders.Around(context => OverviewAsync(context, root)));
        group.MapMethods("/migrations", ReadMethods, SecurityHeaders.Around(context => MigrationsAsync(context, root)));
        group.MapMethods("/migrations/{id}", ReadMethods, SecurityHeaders.Around(context => MigrationAsync(context, root, options)));
        group.MapMethods("/live", ReadMethods, SecurityHeaders.Around(context => LiveAsync(context, root)));
        group.MapMethods("/live.json", ReadMethods, SecurityHeaders.Around(LiveJsonAsync));
        group.MapMethods("/schema", ReadMethods, SecurityHeaders.Around(context => SchemaAsync(context, root), SecurityHeaders.DiagramContentSecurityPolicy));
        group.MapMethods("/rehearsals", ReadMethods, SecurityHeaders.Around(context => RehearsalsAsync(context, root, options)));
        group.MapMethods("/rehearsals/{name}", ReadMethods, SecurityHeaders.Around(context => RehearsalReportAsync(context, root, options)));
        group.MapMethods("/audit", ReadMethods, SecurityHeaders.Around(context => AuditAsync(context, root)));
        group.MapMethods("/assets/{**path}", ReadMethods, SecurityHeaders.Around(AssetFiles.ServeAsync));
        if (options.AllowActions)
            ActionEndpoints.Map(endpoints, group, root);
        return group;
    }

    // HEAD too: link checkers and curl -I ask it, and the answer is the GET without the body.
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    private static Migrator MigratorOf(HttpContext context) => context.RequestServices.GetRequiredService<Migrator>();

    private static async Task OverviewAsync(HttpContext context, string prefix)
    {
        var migrator = MigratorOf(context);
        var model = await OverviewModel.ReadAsync(migrator, PageContext.For(context, prefix, migrator), context.RequestAborted).ConfigureAwait(false);
        await RenderAsync(context, Overview.Create(new DashboardView("Overview", "overview", model.Page, model))).ConfigureAwait(false);
    }

    private static async Task MigrationsAsync(HttpContext context, string prefix)
    {
        var migrator = MigratorOf(context);
        var status = await migrator.StatusAsync(context.RequestAborted).ConfigureAwait(false);
        var page = PageContext.For(context, prefix, migrator);
        await RenderAsync(context, Migrations.Create(new DashboardView("Migrations", "migrations", page, new MigrationsModel(page, status)))).ConfigureAwait(false);
    }

    private static async Task MigrationAsync(HttpContext context, string prefix, CutoverDashboardOptions options)
    {
        var migrator = MigratorOf(context);
        var id = context.Request.RouteValues["id"] as string ?? "";
        var model = await MigrationModel.ReadAsync(migrator, PageContext.For(context, prefix, migrator), id, options, RehearsalDocsFolder.For(context, options),
            context.RequestAborted).ConfigureAwait(false);
        if (model is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await RenderAsync(context, Migration.Create(new DashboardView(model.Status.Id, "migrations", model.Page, model))).ConfigureAwait(false);
    }

    private static async Task LiveAsync(HttpContext context, string prefix)
    {
        var migrator = MigratorOf(context);
        var work = await LiveWork.ReadAsync(migrator, context.RequestAborted).ConfigureAwait(false);
        var page = PageContext.For(context, prefix, migrator);
        await RenderAsync(context, LivePage.Create(new DashboardView("Live work", "live", page, new LiveModel(page, work)))).ConfigureAwait(false);
    }

    /// <summary>The live page's data, polled by its script: the same reads as the page, as JSON.</summary>
    private static async Task LiveJsonAsync(HttpContext context)
    {
        var work = await LiveWork.ReadAsync(MigratorOf(context), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(work, LiveJson.Default.LiveWork, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task SchemaAsync(HttpContext context, string prefix)
    {
        var migrator = MigratorOf(context);
        var model = await SchemaPageModel.ReadAsync(migrator, PageContext.For(context, prefix, migrator), context.RequestAborted).ConfigureAwait(false);
        await RenderAsync(context, SchemaPage.Create(new DashboardView("Schema", "schema", model.Page, model))).ConfigureAwait(false);
    }

    private static async Task RehearsalsAsync(HttpContext context, string prefix, CutoverDashboardOptions options)
    {
        var migrator = MigratorOf(context);
        var model = await RehearsalsModel.ReadAsync(migrator, PageContext.For(context, prefix, migrator), RehearsalDocsFolder.For(context, options), context.RequestAborted)
            .ConfigureAwait(false);
        await RenderAsync(context, RehearsalsPage.Create(new DashboardView("Rehearsals", "rehearsals", model.Page, model))).ConfigureAwait(false);
    }

    private static async Task RehearsalReportAsync(HttpContext context, string prefix, CutoverDashboardOptions options)
    {
        var migrator = MigratorOf(context);
        var name = context.Request.RouteValues["name"] as string ?? "";
        var model = await RehearsalReportModel.ReadAsync(PageContext.For(context, prefix, migrator), RehearsalDocsFolder.For(context, options), name, context.RequestAborted)
            .ConfigureAwait(false);
        if (model is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await RenderAsync(context, RehearsalReportPage.Create(new DashboardView("Rehearsal " + model.Report.Name, "rehearsals", model.Page, model))).ConfigureAwait(false);
    }

    private static async Task AuditAsync(HttpContext context, string prefix)
    {
        var migrator = MigratorOf(context);
        var model = await AuditModel.ReadAsync(migrator, PageContext.For(context, prefix, migrator), context.Request.Query, context.RequestAborted).ConfigureAwait(false);
        await RenderAsync(context, Audit.Create(new DashboardView("Audit log", "audit", model.Page, model))).ConfigureAwait(false);
    }

    private static Task RenderAsync(HttpContext context, RazorSlice slice)
    {
        // The pages show live state: a browser must ask again rather than show a cached copy.
        context.Response.Headers.CacheControl = "no-store";
        return ((IResult)slice).ExecuteAsync(context);
    }
}
