namespace Cutover.Configuration;

/// <summary>
/// Builds <see cref="CutoverOptions"/> from the config file, the environment and command-line values, later
/// sources winning: <c>cutover.json</c> → a <c>CUTOVER_*</c> variable (one per setting) →
/// <c>--connection</c> / <c>--migrations</c>.
/// </summary>
public static class ConfigResolver
{
    /// <summary>The environment variable that overrides the config file's connection.</summary>
    public const string ConnectionVariable = "CUTOVER_CONNECTION";

    /// <summary>The file looked for in the current directory when no <c>--config</c> is given.</summary>
    public const string DefaultFileName = "cutover.json";

    private const string DefaultMigrations = "migrations";

    /// <summary>
    /// Reads the config file (or <c>cutover.json</c> in the current directory when present) and applies the
    /// environment and the options. Relative paths in the file — the migrations folder, the schema file and a SQLite
    /// data source — are relative to the file; relative paths in the environment or on the command line start in the
    /// current directory. Throws bad input when no connection is given anywhere, or a setting is refused.
    /// </summary>
    public static async Task<CutoverOptions> ResolveAsync(ConfigSources sources, CancellationToken cancellationToken)
    {
        var config = await EffectiveAsync(sources, cancellationToken).ConfigureAwait(false);
        var connection = config.Connection
            ?? throw new ConfigurationException("no connection: pass --connection, set CUTOVER_CONNECTION or add \"connection\" to cutover.json", "connection",
                "for the embedded default use --connection \"Data Source=app.db\"");

        var retry = new LockRetryPolicy();
        if (config.LockTimeout is { } t)
        {
            retry = retry with
            {
                InitialTimeout = t.InitialMs is int i ? TimeSpan.FromMilliseconds(i) : retry.InitialTimeout,
                MaxTimeout = t.MaxMs is int m ? TimeSpan.FromMilliseconds(m) : retry.MaxTimeout,
                Attempts = t.Attempts ?? retry.Attempts,
            };
        }
        var options = new CutoverOptions
        {
            ConnectionString = connection,
            MigrationsFolder = config.Migrations!,
            LockRetry = retry,
            SchemaFile = config.SchemaFile,
        };
        if (config.Backfill is { } b)
            options = options with { Backfill = Backfill(b) };
        if (config.Schemas is { } schemas)
            options = options with { Schemas = schemas };
        if (config.ArchiveRetentionDays is int days)
            options = options with { ArchiveRetention = TimeSpan.FromDays(days) };
        if (config.RolloutSoakMinutes is int minutes)
            options = options with { RolloutSoak = TimeSpan.FromMinutes(minutes) };
        return config.LockWaitSeconds is int seconds ? options with { LockWait = TimeSpan.FromSeconds(seconds) } : options;
    }

    /// <summary>
    /// The connection string from the same sources as <see cref="ResolveAsync"/>, or null when none gives
    /// one — for work that only needs to know the engine (<c>cutover check</c>).
    /// </summary>
    public static async Task<string?> ResolveConnectionAsync(ConfigSources sources, CancellationToken cancellationToken) =>
        (await EffectiveAsync(sources, cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>
    /// The migrations folder alone, for work on files (<c>cutover new</c>) that needs no connection; the
    /// config file and the environment are still read and checked.
    /// </summary>
    public static async Task<string> ResolveMigrationsFolderAsync(ConfigSources sources, CancellationToken cancellationToken) =>
        (await EffectiveAsync(sources, cancellationToken).ConfigureAwait(false)).Migrations!;

    /// <summary>
    /// The settings after every source has spoken, with absolute paths and the migrations folder filled in
    /// (<c>migrations</c> beside the file, or in the current directory without one). The connection is null when no
    /// source gives one.
    /// </summary>
    internal static async Task<CutoverConfig> EffectiveAsync(ConfigSources sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var currentDirectory = sources.CurrentDirectory;
        var (file, baseDirectory) = await LoadAsync(sources.ConfigPath, currentDirectory, cancellationToken).ConfigureAwait(false);
        // The file's relative paths are settled against the file before anything else can replace them.
        var config = file with
        {
            Connection = Blank(file.Connection) is { } fromFile ? SqliteFileBesideConfig(fromFile, baseDirectory) : null,
            Migrations = Path.GetFullPath(Path.Combine(baseDirectory, file.Migrations ?? DefaultMigrations)),
            SchemaFile = file.SchemaFile is { } schemaFile ? Path.GetFullPath(Path.Combine(baseDirectory, schemaFile)) : null,
        };
        config = EnvironmentConfig.Apply(config, sources.Environment, currentDirectory);
        if (Blank(sources.MigrationsOption) is { } migrations)
            config = config with { Migrations = Path.GetFullPath(Path.Combine(currentDirectory, migrations)) };
        // A relative SQLite file from the environment or the command line is left as written: SQLite opens it in the
        // working directory, where the person or script that wrote it is.
        return Blank(sources.ConnectionOption) is { } connection ? config with { Connection = connection } : config;
    }

    /// <summary>The config (empty when there is no file) and the directory its relative paths start from.</summary>
    private static async Task<(CutoverConfig Config, string BaseDirectory)> LoadAsync(string? configPath, string currentDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currentDirectory);
        // An explicit --config must exist; the default file is optional.
        var path = Path.GetFullPath(Path.Combine(currentDirectory, Blank(configPath) ?? DefaultFileName));
        if (Blank(configPath) is null && !File.Exists(path))
            return (new CutoverConfig(), currentDirectory);
        var config = await CutoverConfig.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return (config, Path.GetDirectoryName(path)!);
    }

    private static Backfill.BackfillOptions Backfill(BackfillConfig b)
    {
        var d = new Backfill.BackfillOptions();
        return d with
        {
            TargetBatchDuration = b.TargetBatchMs is { } target ? TimeSpan.FromMilliseconds(target) : d.TargetBatchDuration,
            InitialBatch = b.InitialBatch ?? d.InitialBatch,
            MinBatch = b.MinBatch ?? d.MinBatch,
            MaxBatch = b.MaxBatch ?? d.MaxBatch,
            Pause = b.PauseMs is { } pause ? TimeSpan.FromMilliseconds(pause) : d.Pause,
            MaxActiveSessions = b.MaxActiveSessions ?? d.MaxActiveSessions,
            MaxReplicationLag = b.MaxReplicationLagSeconds is { } lag ? TimeSpan.FromSeconds(lag) : d.MaxReplicationLag,
            LogEvery = b.LogEvery ?? d.LogEvery,
            YieldBatchDuration = b.YieldBatchMs is { } yieldBatch ? TimeSpan.FromMilliseconds(yieldBatch) : d.YieldBatchDuration,
            YieldPause = b.YieldPauseMs is { } yieldPause ? TimeSpan.FromMilliseconds(yieldPause) : d.YieldPause,
            YieldHold = b.YieldHoldMs is { } hold ? TimeSpan.FromMilliseconds(hold) : d.YieldHold,
            SlowCommit = b.SlowCommitMs is { } slow ? TimeSpan.FromMilliseconds(slow) : d.SlowCommit,
            SlowCommitFactor = b.SlowCommitFactor ?? d.SlowCommitFactor,
            LockWaitToShrink = b.LockWaitToShrinkMs is { } lockWait ? TimeSpan.FromMilliseconds(lockWait) : d.LockWaitToShrink,
            WritebackAfterKb = b.WritebackAfterKb ?? d.WritebackAfterKb,
            MaxPacingPause = b.MaxPacingPauseMs is { } maxPause ? TimeSpan.FromMilliseconds(maxPause) : d.MaxPacingPause,
            CheckpointPause = b.CheckpointPauseMs is { } checkpointPause ? TimeSpan.FromMilliseconds(checkpointPause) : d.CheckpointPause,
            Workers = b.Workers ?? d.Workers,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// A relative SQLite file named in a config file lives beside that file, so <c>--config samples/x/cutover.json</c>
    /// works from anywhere. Only SQLite: a PostgreSQL connection has no paths to resolve.
    /// </summary>
    private static string SqliteFileBesideConfig(string connection, string folder)
    {
        if (!ConnectionStrings.Keys(connection).Any(IsFileKey))
            return connection;
        var pairs = connection.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var kv = pair.Split('=', 2);
            var key = kv[0].Trim().ToLowerInvariant();
            if (kv.Length == 2 && IsFileKey(key))
            {
                var value = kv[1].Trim();
                // A quoted value ("my app.db") keeps its quotes around the resolved path.
                var quote = value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[..1] : "";
                var file = value[quote.Length..^quote.Length];
                if (file.Length > 0 && file != ":memory:" && !Path.IsPathRooted(file) && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                    return $"{kv[0]}={quote}{Path.GetFullPath(Path.Combine(folder, file))}{quote}";
            }
            return pair;
        });
        return string.Join(';', pairs);

        static bool IsFileKey(string key) => key is "data source" or "datasource" or "filename";
    }
}
