using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Hosting;

/// <summary>Registers Cutover with Microsoft.Extensions.DependencyInjection.</summary>
public static class CutoverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="Migrator"/> for <paramref name="options"/> and <paramref name="provider"/>.
    /// With <paramref name="migrateOnStart"/>, a hosted service applies pending migrations when the Generic
    /// Host starts, before the application's own hosted services that are registered after it; a failure
    /// stops the host from starting.
    /// </summary>
    public static IServiceCollection AddCutover(this IServiceCollection services, CutoverOptions options, IDatabaseProvider provider, bool migrateOnStart = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        services.AddSingleton(sp => new Migrator(options, provider, sp.GetService<ILogger<Migrator>>()));
        if (migrateOnStart)
            services.AddHostedService<MigrateOnStartService>();
        return services;
    }

    /// <summary>
    /// Runs backfills deferred by <see cref="Running.UpOptions.DeferBackfills"/> in the background of the application, after
    /// <see cref="AddCutover"/>. Register C# backfills in <see cref="CutoverOptions.Backfills"/>.
    /// </summary>
    public static IServiceCollection AddCutoverBackfillWorker(this IServiceCollection services) =>
        services.AddCutoverBackfillWorker(new BackfillWorkerOptions());

    /// <summary>
    /// Runs backfills deferred by <see cref="Running.UpOptions.DeferBackfills"/> in the background of the application, after
    /// <see cref="AddCutover"/>, as <paramref name="options"/> say; with <see cref="BackfillWorkerOptions.VerifyEvery"/> it also
    /// verifies every migration whose operations are expanded on that schedule, storing each result; with
    /// <see cref="BackfillWorkerOptions.PurgeArchivesEvery"/> it drops the archive tables whose retention window has passed.
    /// </summary>
    public static IServiceCollection AddCutoverBackfillWorker(this IServiceCollection services, BackfillWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Verify, nameof(options));
        if (options.VerifyEvery is { } every && every <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), every, "VerifyEvery must be positive (or null: never verify)");
        if (options.PurgeArchivesEvery is { } purgeEvery && purgeEvery <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), purgeEvery, "PurgeArchivesEvery must be positive (or null: never purge)");
        services.AddSingleton(options);
        services.AddHostedService<BackfillWorkerService>();
        return services;
    }
}
