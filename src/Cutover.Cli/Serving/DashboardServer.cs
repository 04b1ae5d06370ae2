using System.Net;
using Cutover.Dashboard;
using Cutover.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Cli.Serving;

/// <summary>
/// The web host of `cutover serve`: Kestrel on one address, the dashboard at the root, behind the token when the
/// address is reachable from other machines.
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
        var app = builder.Build();
        app.Use((context, next) => ErrorReporting.HandleAsync(context, next, stderr));
        if (token is not null)
            app.Use((context, next) => TokenGate.HandleAsync(context, next, token));
        app.MapCutoverDashboard("/", dashboard);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }
}
