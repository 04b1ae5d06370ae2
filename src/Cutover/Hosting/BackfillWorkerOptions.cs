using Cutover.Operations;

namespace Cutover.Hosting;

/// <summary>How the background worker of <see cref="CutoverServiceCollectionExtensions.AddCutoverBackfillWorker(Microsoft.Extensions.DependencyInjection.IServiceCollection, BackfillWorkerOptions)"/> runs.</summary>
public sealed record BackfillWorkerOptions
{
    /// <summary>
    /// How often to verify every migration whose operations are expanded (<see cref="Migrator.VerifyExpandedAsync"/>), the
    /// first time one interval after the worker starts; each result is stored as <see cref="Migrator.VerifyAsync"/> stores it, so a complete
    /// finds a recent one. Null (the default): the worker never verifies.
    /// </summary>
    public TimeSpan? VerifyEvery { get; init; }

    /// <summary>
    /// How often to drop the archive tables whose retention window has passed (<see cref="Migrator.PurgeArchivesAsync"/>),
    /// the first time one interval after the worker starts. Null (the default): the worker never drops an archive.
    /// </summary>
    public TimeSpan? PurgeArchivesEvery { get; init; }

    /// <summary>How each scheduled verification walks the tables (batch size, pause between batches); it never repairs.</summary>
    public VerifyOptions Verify { get; init; } = new();
}
