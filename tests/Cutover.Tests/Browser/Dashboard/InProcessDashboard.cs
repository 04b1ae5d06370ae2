using System.Net;
using Cutover.Dashboard;
using Cutover.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>An app of the test's own, on a free loopback port, with a Migrator registered and the dashboard mapped as the test says.</summary>
internal sealed class InProcessDashboard(WebApplication app, HttpClient http) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;

    public static Task<InProcessDashboard> StartAsync(CutoverOptions options, IDatabaseProvider provider, Action<WebApplication> map, CancellationToken cancellationToken) =>
        StartAsync(options, provider, _ => { }, map, cancellationToken);

    /// <summary>As above, with the app's own services (antiforgery, authentication …) added by <paramref name="services"/>.</summary>
    public static async Task<InProcessDashboard> StartAsync(CutoverOptions options, IDatabaseProvider provider, Action<IServiceCollection> services, Action<WebApplication> map,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCutover(options, provider);
        services(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var root = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return new InProcessDashboard(app, new HttpClient { BaseAddress = root });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
