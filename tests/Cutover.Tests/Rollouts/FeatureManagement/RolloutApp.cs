using System.Data.Common;
using Cutover.FeatureManagement;
using Cutover.Hosting;
using Cutover.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>
/// An application's service container wired as docs/rollout.md says (AddCutover, AddFeatureManagement, AddCutoverRollouts),
/// with a hand-moved clock; each <see cref="ForUser"/> is one request's scope.
/// </summary>
internal sealed class RolloutApp : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RolloutApp(CutoverOptions options, IDatabaseProvider provider, string migrationId, Func<string, DbConnection> createConnection,
        IReadOnlyDictionary<string, string?>? configuration = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton<ILogger<ShapeCache>>(Log);
        services.AddCutover(options, provider);
        services.AddFeatureManagement().AddCutoverRollouts(o =>
        {
            o.MigrationId = migrationId;
            o.CreateConnection = createConnection;
            o.RefreshInterval = TimeSpan.FromSeconds(1);
            o.MaxStaleness = TimeSpan.FromSeconds(10);
            o.TimeProvider = Clock;
        });
        more?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public ManualClock Clock { get; } = new();

    public RecordingLogger<ShapeCache> Log { get; } = new();

    public IVariantFeatureManager Features => _services.GetRequiredService<IVariantFeatureManager>();

    /// <summary>One request of <paramref name="user"/>: its scope, and its <see cref="RequestShape"/> decided for that user.</summary>
    public async Task<(AsyncServiceScope Scope, RequestShape Shape, bool IsNew)> ForUser(string user, params string[] groups)
    {
        var scope = _services.CreateAsyncScope();
        var shape = scope.ServiceProvider.GetRequiredService<RequestShape>();
        var isNew = await shape.IsNewAsync(new TargetingContext { UserId = user, Groups = groups });
        return (scope, shape, isNew);
    }

    /// <summary>Whether <paramref name="user"/> gets the new shape of <paramref name="migrationId"/>, as a request would ask.</summary>
    public async Task<bool> IsNewAsync(string migrationId, string user, params string[] groups) =>
        await Features.IsEnabledAsync("cutover:" + migrationId, new TargetingContext { UserId = user, Groups = groups });

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
