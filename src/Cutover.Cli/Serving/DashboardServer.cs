using System.Net;
using Cutover.Dashboard;
using Cutover.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Cli.Serving;

/// <summary>
/// The web host of `cutover serve`: Kestrel on one address, the dashboard at the root (with its actions when
/// --allow-actions says so), behind the token when the address is reachable from other machines.
/// </summary>
internal static class DashboardServer
{
    /// <summary>Starts listening; the caller prints the URL and waits for the returned app to stop.</summary>
    public static async Task<WebApplication> StartAsync(CutoverOptions options, IDatabaseProvider provider, IPAddress address, int port, DashboardToken? token,
        string contentRoot, Action<CutoverDashboardOptions> dashboard, TextWriter stderr, CancellationToken cancellationToken)
    {
        // No args: the command line is System.CommandLine's, and must not be read again as host configuration.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot });
        // stdout is the URL line only; Kestrel's own lines would bury it (a page's errors reach stderr through ErrorReporting).
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, port));
        builder.Services.AddCutover(options, provider);
        var settings = new CutoverDashboardOptions();
        dashboard(settings);
        if (settings.AllowActions)
        {
            // The actions' forms carry antiforgery tokens. Their keys live in memory only: serve writes nothing to the
            // user's profile, and a restart merely asks an open confirmation page to be loaded again.
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            builder.Services.AddAntiforgery();
        }
        var app = builder.Build();
        app.Use((context, next) => ErrorReporting.HandleAsync(context, next, stderr));
        if (token is not null)
            app.Use((context, next) => TokenGate.HandleAsync(context, next, token));
        app.MapCutoverDashboard("/", dashboard);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }
}
