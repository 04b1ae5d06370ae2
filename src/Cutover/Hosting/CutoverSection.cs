using Cutover.Backfill;

namespace Cutover.Hosting;

/// <summary>
/// The keys of a configuration section that <see cref="CutoverServiceCollectionExtensions.AddCutover(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, IDatabaseProvider, bool, Func{CutoverOptions, CutoverOptions}?)"/>
/// binds. <see cref="CutoverOptions"/> itself cannot be bound: it is immutable, its connection string is required and its C#
/// backfills are objects, not settings. Every key here is nullable so that a key left out keeps the default of
/// <see cref="CutoverOptions"/> instead of the binder's zero.
/// </summary>
internal sealed class CutoverSection
{
    public string? ConnectionString { get; set; }
    public string? MigrationsFolder { get; set; }
    public TimeSpan? ArchiveRetention { get; set; }
    public TimeSpan? RolloutSoak { get; set; }
    public TimeSpan? LockWait { get; set; }
    public LockRetrySection? LockRetry { get; set; }
    public string? SchemaFile { get; set; }
    public List<string>? Schemas { get; set; }
    public BackfillSection? Backfill { get; set; }
    public string? AppliedBy { get; set; }

    /// <summary>The options these keys say, the defaults of <see cref="CutoverOptions"/> where a key is absent.</summary>
    public CutoverOptions ToOptions()
    {
        var defaults = new CutoverOptions { ConnectionString = "" };
        return defaults with
        {
            ConnectionString = ConnectionString ?? "",
            MigrationsFolder = MigrationsFolder ?? defaults.MigrationsFolder,
            ArchiveRetention = ArchiveRetention ?? defaults.ArchiveRetention,
            RolloutSoak = RolloutSoak ?? defaults.RolloutSoak,
            LockWait = LockWait ?? defaults.LockWait,
            LockRetry = LockRetry?.Over(defaults.LockRetry) ?? defaults.LockRetry,
            SchemaFile = SchemaFile ?? defaults.SchemaFile,
            Schemas = Schemas is { Count: > 0 } ? Schemas : defaults.Schemas,
            Backfill = Backfill?.Over(defaults.Backfill) ?? defaults.Backfill,
            AppliedBy = AppliedBy ?? defaults.AppliedBy,
        };
    }
}

/// <summary>The keys of <see cref="LockRetryPolicy"/>, under <c>LockRetry</c> and <c>Backfill:LockRetry</c>.</summary>
internal sealed class LockRetrySection
{
    public TimeSpan? InitialTimeout { get; set; }
    public TimeSpan? MaxTimeout { get; set; }
    public int? Attempts { get; set; }
    public TimeSpan? MaxSleep { get; set; }

    public LockRetryPolicy Over(LockRetryPolicy defaults) => defaults with
    {
        InitialTimeout = InitialTimeout ?? defaults.InitialTimeout,
        MaxTimeout = MaxTimeout ?? defaults.MaxTimeout,
        Attempts = Attempts ?? defaults.Attempts,
        MaxSleep = MaxSleep ?? defaults.MaxSleep,
    };
}

/// <summary>The keys of <see cref="BackfillOptions"/>, under <c>Backfill</c>.</summary>
internal sealed class BackfillSection
{
    public TimeSpan? TargetBatchDuration { get; set; }
    public int? InitialBatch { get; set; }
    public int? MinBatch { get; set; }
    public int? MaxBatch { get; set; }
    public TimeSpan? Pause { get; set; }
    public int? MaxActiveSessions { get; set; }
    public TimeSpan? MaxReplicationLag { get; set; }
    public TimeSpan? ThrottleWait { get; set; }
    public int? LogEvery { get; set; }
    public LockRetrySection? LockRetry { get; set; }

    public BackfillOptions Over(BackfillOptions defaults) => defaults with
    {
        TargetBatchDuration = TargetBatchDuration ?? defaults.TargetBatchDuration,
        InitialBatch = InitialBatch ?? defaults.InitialBatch,
        MinBatch = MinBatch ?? defaults.MinBatch,
        MaxBatch = MaxBatch ?? defaults.MaxBatch,
        Pause = Pause ?? defaults.Pause,
        MaxActiveSessions = MaxActiveSessions ?? defaults.MaxActiveSessions,
        MaxReplicationLag = MaxReplicationLag ?? defaults.MaxReplicationLag,
        ThrottleWait = ThrottleWait ?? defaults.ThrottleWait,
        LogEvery = LogEvery ?? defaults.LogEvery,
        LockRetry = LockRetry?.Over(defaults.LockRetry) ?? defaults.LockRetry,
    };
}
