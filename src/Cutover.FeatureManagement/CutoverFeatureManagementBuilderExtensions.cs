using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FeatureManagement;

namespace Cutover.FeatureManagement;

/// <summary>Registers Cutover's rollouts with Microsoft.FeatureManagement.</summary>
public static class CutoverFeatureManagementBuilderExtensions
{
    /// <summary>
    /// Defines the flags <c>cutover:&lt;migration id&gt;</c> from the rollouts in the database (read through the
    /// <see cref="Migrator"/> registered by <c>AddCutover</c>, cached for <see cref="CutoverRolloutOptions.RefreshInterval"/>),
    /// keeping the application's other flags from configuration, and registers the scoped <see cref="RequestShape"/>. Call it
    /// after <c>AddFeatureManagement()</c> and <c>WithTargeting</c>.
    /// </summary>
    public static IFeatureManagementBuilder AddCutoverRollouts(this IFeatureManagementBuilder builder, Action<CutoverRolloutOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CutoverRolloutOptions();
        configure(options);
        options.Validate();

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(sp => new ShapeCache(sp.GetRequiredService<Migrator>(), options,
            sp.GetService<ILogger<ShapeCache>>() ?? NullLogger<ShapeCache>.Instance));
        services.RemoveAll<IFeatureDefinitionProvider>();
        services.AddSingleton<IFeatureDefinitionProvider>(sp => new CutoverFeatureDefinitionProvider(
            sp.GetRequiredService<ShapeCache>(), sp.GetRequiredService<Migrator>(), options,
            sp.GetService<IConfiguration>() is { } configuration ? new ConfigurationFeatureDefinitionProvider(configuration) : null));
        services.AddScoped(sp => new RequestShape(sp.GetRequiredService<IVariantFeatureManager>(), sp.GetRequiredService<ShapeCache>(),
            sp.GetRequiredService<Migrator>(), options));
        return builder;
    }
}
