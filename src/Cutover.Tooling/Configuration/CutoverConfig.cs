using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutover.Configuration;

/// <summary>
/// The contents of <c>cutover.json</c>; every setting is optional. A record, so the environment's
/// <c>CUTOVER_*</c> variables can each be laid over the file as a copy with one setting changed.
/// </summary>
public sealed record CutoverConfig
{
    /// <summary>The connection string (the environment and <c>--connection</c> override it).</summary>
    public string? Connection { get; init; }

    /// <summary>The migrations folder, relative to the config file.</summary>
    public string? Migrations { get; init; }

    /// <summary>The file the canonical schema text is written to after every up, down and redo, relative to the config file.</summary>
    public string? SchemaFile { get; init; }

    /// <summary>The PostgreSQL schemas the schema model covers (default <c>public</c>); SQLite has one and ignores it.</summary>
    public IReadOnlyList<string>? Schemas { get; init; }

    /// <summary>Seconds to wait for another runner's migration lock.</summary>
    public int? LockWaitSeconds { get; init; }

    /// <summary>Days complete keeps the data it drops in archive tables, so that the completed migration can still be rolled back.</summary>
    public int? ArchiveRetentionDays { get; init; }

    /// <summary>How many minutes a rollout must have been at 100% before complete runs (60 when unset).</summary>
    public int? RolloutSoakMinutes { get; init; }

    /// <summary>lock_timeout growth and retries on PostgreSQL.</summary>
    public LockTimeoutConfig? LockTimeout { get; init; }

    /// <summary>How backfill batches are sized, paced and throttled.</summary>
    public BackfillConfig? Backfill { get; init; }

    /// <summary>
    /// Reads and checks a config file. Every problem — a missing file, malformed JSON, an unknown setting
    /// (with the closest known name), a wrong type, a number that is not positive — is bad input whose
    /// message starts with <c>{path}:{line}:</c>.
    /// </summary>
    public static async Task<CutoverConfig> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new InvalidFileException(path, null, "config file not found", "check --config, or create one with `cutover init`");
        var utf8 = ConfigFileChecker.WithoutBom(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        ConfigFileChecker.Check(path, utf8.Span);
        CutoverConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(utf8.Span, CutoverConfigJson.Default.CutoverConfig);
        }
        catch (JsonException e)
        {
            // The checker accepts only what the serializer reads; this is a safety net, not a path users should meet.
            throw new InvalidFileException(path, (int)(e.LineNumber ?? 0) + 1, $"invalid JSON: {e.Message.ReplaceLineEndings(" ")}", "see docs/configuration.md", e);
        }
        config ??= new CutoverConfig();
        if (config.Migrations is { Length: 0 })
            throw new InvalidFileException(path, LineOf(utf8.Span, "migrations"), $"'migrations' is empty", "name the folder, e.g. \"migrations\"");
        if (config.SchemaFile is { Length: 0 })
            throw new InvalidFileException(path, LineOf(utf8.Span, "schemaFile"), $"'schemaFile' is empty", "name the file, e.g. \"schema.sql\", or leave the setting out");
        return config;
    }

    private static int LineOf(ReadOnlySpan<byte> utf8, string name)
    {
        var at = utf8.IndexOf(System.Text.Encoding.UTF8.GetBytes($"\"{name}\""));
        return at < 0 ? 1 : utf8[..at].Count((byte)'\n') + 1;
    }
}

/// <summary>The <c>lockTimeout</c> section of <c>cutover.json</c>.</summary>
public sealed record LockTimeoutConfig
{
    /// <summary>lock_timeout of the first attempt, in milliseconds.</summary>
    public int? InitialMs { get; init; }

    /// <summary>The largest lock_timeout, in milliseconds.</summary>
    public int? MaxMs { get; init; }

    /// <summary>How many attempts before failing.</summary>
    public int? Attempts { get; init; }
}

/// <summary>The <c>backfill</c> section of <c>cutover.json</c>; see <see cref="Backfill.BackfillOptions"/>.</summary>
public sealed record BackfillConfig
{
    /// <summary>The duration <c>batch=auto</c> aims for per batch, in milliseconds (default 200).</summary>
    public int? TargetBatchMs { get; init; }

    /// <summary>The first batch of an auto-sized backfill (default 1000).</summary>
    public int? InitialBatch { get; init; }

    /// <summary>The smallest auto batch (default 100).</summary>
    public int? MinBatch { get; init; }

    /// <summary>The largest auto batch (default 100000).</summary>
    public int? MaxBatch { get; init; }

    /// <summary>The pause after each batch, in milliseconds (default 0).</summary>
    public int? PauseMs { get; init; }

    /// <summary>PostgreSQL: wait while more other sessions than this are active (default 32).</summary>
    public int? MaxActiveSessions { get; init; }

    /// <summary>PostgreSQL: wait while a replica lags more than this many seconds (default 10).</summary>
    public int? MaxReplicationLagSeconds { get; init; }

    /// <summary>One audit log entry per this many batches (default 100).</summary>
    public int? LogEvery { get; init; }

    /// <summary>SQLite: the duration a batch aims for while other connections write, in milliseconds (default 15).</summary>
    public int? YieldBatchMs { get; init; }

    /// <summary>SQLite: the gap after each batch while other connections write, in milliseconds (default 15).</summary>
    public int? YieldPauseMs { get; init; }

    /// <summary>SQLite: how long after another connection's last write batches stay short, in milliseconds (default 1000).</summary>
    public int? YieldHoldMs { get; init; }

    /// <summary>A commit at least this long (and <see cref="SlowCommitFactor"/> times the usual one) means the disk is behind, in milliseconds (default 20).</summary>
    public int? SlowCommitMs { get; init; }

    /// <summary>How many times its usual commit a backfill's commit must take to be slow (default 4).</summary>
    public int? SlowCommitFactor { get; init; }

    /// <summary>A batch that waited this long for others' locks halves the next, in milliseconds (default 50).</summary>
    public int? LockWaitToShrinkMs { get; init; }

    /// <summary>PostgreSQL: write back what a batch dirtied every this many KB (backend_flush_after; default 256; 0: the server's own setting).</summary>
    public int? WritebackAfterKb { get; init; }

    /// <summary>The longest pause after a slow commit or slow WAL syncs, in milliseconds (default 2000).</summary>
    public int? MaxPacingPauseMs { get; init; }

    /// <summary>PostgreSQL: the pause after a batch during which the server started a checkpoint before its time, in milliseconds (default 300; 0: no reaction).</summary>
    public int? CheckpointPauseMs { get; init; }

    /// <summary>PostgreSQL: how many workers walk one SQL backfill side by side, each its own range of keys.</summary>
    public int? Workers { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CutoverConfig))]
internal sealed partial class CutoverConfigJson : JsonSerializerContext;
