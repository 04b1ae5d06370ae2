using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cutover.Hosting;

/// <summary>Registers Cutover with Microsoft.Extensions.DependencyInjection.</summary>
public static class CutoverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="Migrator"/> for <paramref name="options"/> and <paramref name="provider"/>.
    /// With <paramref name="migrateOnStart"/>, a hosted service applies pending migrations when the Generic
    /// Host starts, before the application's own hosted services that are registered after it; a failure
    /// stops the host from starting. A relative <see cref="CutoverOptions.MigrationsFolder"/> is resolved against
    /// <see cref="AppContext.BaseDirectory"/>, not the working directory.
    /// </summary>
    public static IServiceCollection AddCutover(this IServiceCollection services, CutoverOptions options, IDatabaseProvider provider, bool migrateOnStart = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddCutover(_ => options, provider, migrateOnStart);
    }

    /// <summary>
    /// Registers a singleton <see cref="Migrator"/> whose options are bound from <paramref name="configuration"/>
    /// (<c>builder.Configuration.GetSection("Cutover")</c>): <c>ConnectionString</c>, <c>MigrationsFolder</c>, <c>LockWait</c>,
    /// <c>Backfill:MaxBatch</c> … as in <see cref="CutoverOptions"/>. The options are checked as the host starts: an unknown
    /// key, a value that does not convert or one out of range stops it with an <see cref="OptionsValidationException"/>
    /// naming the key (<c>Cutover:LockWait</c>). <paramref name="configure"/> adds what configuration cannot say
    /// (<see cref="CutoverOptions.Backfills"/>, <see cref="CutoverOptions.MigrationsAssembly"/>).
    /// </summary>
    public static IServiceCollection AddCutover(this IServiceCollection services, IConfiguration configuration, IDatabaseProvider provider,
        bool migrateOnStart = false, Func<CutoverOptions, CutoverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var validator = CutoverOptionsValidator.ForSection((configuration as IConfigurationSection)?.Path ?? "");
        return services.AddCutover(_ =>
        {
            var options = CutoverConfiguration.Read(configuration);
            return configure is null ? options : configure(options);
        }, provider, migrateOnStart, validator);
    }

    /// <summary>
    /// Registers a singleton <see cref="Migrator"/> whose options <paramref name="options"/> builds from the application's
    /// services when first needed; they are checked as the host starts (<see cref="OptionsValidationException"/> naming the
    /// setting, <c>CutoverOptions.LockWait</c>). A relative <see cref="CutoverOptions.MigrationsFolder"/> is resolved against
    /// <see cref="AppContext.BaseDirectory"/>. <paramref name="migrateOnStart"/> as in the other overloads.
    /// </summary>
    public static IServiceCollection AddCutover(this IServiceCollection services, Func<IServiceProvider, CutoverOptions> options, IDatabaseProvider provider, bool migrateOnStart = false) =>
        services.AddCutover(options, provider, migrateOnStart, CutoverOptionsValidator.ForCode());

    private static IServiceCollection AddCutover(this IServiceCollection services, Func<IServiceProvider, CutoverOptions> options, IDatabaseProvider provider,
        bool migrateOnStart, CutoverOptionsValidator validator)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        services.AddSingleton<IValidateOptions<CutoverOptions>>(validator);
        services.AddSingleton<IOptionsFactory<CutoverOptions>>(sp =>
            new CutoverOptionsFactory(options, sp, sp.GetServices<IValidateOptions<CutoverOptions>>()));
        services.AddOptions<CutoverOptions>().ValidateOnStart();
        services.AddSingleton(sp => new Migrator(sp.GetRequiredService<IOptions<CutoverOptions>>().Value, provider, sp.GetService<ILogger<Migrator>>()));
        if (migrateOnStart)
            services.AddHostedService<MigrateOnStartService>();
        return services;
    }

    /// <summary>
    /// Runs backfills deferred by <see cref="Running.UpOptions.DeferBackfills"/> in the background of the application, after
    /// <see cref="AddCutover(IServiceCollection, CutoverOptions, IDatabaseProvider, bool)"/>. Register C# backfills in <see cref="CutoverOptions.Backfills"/>.
    /// </summary>
    public static IServiceCollection AddCutoverBackfillWorker(this IServiceCollection services) =>
        services.AddCutoverBackfillWorker(new BackfillWorkerOptions());

    /// <summary>
    /// Runs backfills deferred by <see cref="Running.UpOptions.DeferBackfills"/> in the background of the application, after
    /// <see cref="AddCutover(IServiceCollection, CutoverOptions, IDatabaseProvider, bool)"/>, as <paramref name="options"/> say; with <see cref="BackfillWorkerOptions.VerifyEvery"/> it also
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
