using System.Globalization;

namespace Cutover.Configuration;

/// <summary>
/// The <c>CUTOVER_*</c> environment variables: one for every setting of <c>cutover.json</c>, named as its path in
/// upper snake case (<c>lockTimeout.initialMs</c> → <c>CUTOVER_LOCK_TIMEOUT_INITIAL_MS</c>), laid over the file and
/// checked by the file's rules. A variable that is unset or blank counts as not given. Relative paths start in the
/// working directory, not beside the file: a variable is set where cutover runs, not where the file is.
/// </summary>
internal static class EnvironmentConfig
{
    internal enum Kind { Text, Path, Names, PositiveNumber, NonNegativeNumber }

    /// <summary>One setting, the variable that overrides it, and how a checked value is laid over the config.</summary>
    internal sealed record Variable(string Setting, string Name, Kind Kind, Func<CutoverConfig, object, CutoverConfig> Set, Func<CutoverConfig, int?>? Number = null);

    internal static readonly Variable[] Variables =
    [
        Text("connection", ConfigResolver.ConnectionVariable, Kind.Text, (c, v) => c with { Connection = v }),
        Text("migrations", "CUTOVER_MIGRATIONS", Kind.Path, (c, v) => c with { Migrations = v }),
        Text("schemaFile", "CUTOVER_SCHEMA_FILE", Kind.Path, (c, v) => c with { SchemaFile = v }),
        new("schemas", "CUTOVER_SCHEMAS", Kind.Names, (c, v) => c with { Schemas = (string[])v }),
        Number("lockWaitSeconds", "CUTOVER_LOCK_WAIT_SECONDS", Kind.PositiveNumber, c => c.LockWaitSeconds, (c, v) => c with { LockWaitSeconds = v }),
        Number("archiveRetentionDays", "CUTOVER_ARCHIVE_RETENTION_DAYS", Kind.NonNegativeNumber, c => c.ArchiveRetentionDays, (c, v) => c with { ArchiveRetentionDays = v }),
        Number("rolloutSoakMinutes", "CUTOVER_ROLLOUT_SOAK_MINUTES", Kind.NonNegativeNumber, c => c.RolloutSoakMinutes, (c, v) => c with { RolloutSoakMinutes = v }),
        LockTimeout("initialMs", "CUTOVER_LOCK_TIMEOUT_INITIAL_MS", t => t.InitialMs, (t, v) => t with { InitialMs = v }),
        LockTimeout("maxMs", "CUTOVER_LOCK_TIMEOUT_MAX_MS", t => t.MaxMs, (t, v) => t with { MaxMs = v }),
        LockTimeout("attempts", "CUTOVER_LOCK_TIMEOUT_ATTEMPTS", t => t.Attempts, (t, v) => t with { Attempts = v }),
        Backfill("targetBatchMs", "CUTOVER_BACKFILL_TARGET_BATCH_MS", Kind.PositiveNumber, b => b.TargetBatchMs, (b, v) => b with { TargetBatchMs = v }),
        Backfill("initialBatch", "CUTOVER_BACKFILL_INITIAL_BATCH", Kind.PositiveNumber, b => b.InitialBatch, (b, v) => b with { InitialBatch = v }),
        Backfill("minBatch", "CUTOVER_BACKFILL_MIN_BATCH", Kind.PositiveNumber, b => b.MinBatch, (b, v) => b with { MinBatch = v }),
        Backfill("maxBatch", "CUTOVER_BACKFILL_MAX_BATCH", Kind.PositiveNumber, b => b.MaxBatch, (b, v) => b with { MaxBatch = v }),
        Backfill("pauseMs", "CUTOVER_BACKFILL_PAUSE_MS", Kind.NonNegativeNumber, b => b.PauseMs, (b, v) => b with { PauseMs = v }),
        Backfill("maxActiveSessions", "CUTOVER_BACKFILL_MAX_ACTIVE_SESSIONS", Kind.PositiveNumber, b => b.MaxActiveSessions, (b, v) => b with { MaxActiveSessions = v }),
        Backfill("maxReplicationLagSeconds", "CUTOVER_BACKFILL_MAX_REPLICATION_LAG_SECONDS", Kind.PositiveNumber, b => b.MaxReplicationLagSeconds,
            (b, v) => b with { MaxReplicationLagSeconds = v }),
        Backfill("logEvery", "CUTOVER_BACKFILL_LOG_EVERY", Kind.PositiveNumber, b => b.LogEvery, (b, v) => b with { LogEvery = v }),
        Backfill("yieldBatchMs", "CUTOVER_BACKFILL_YIELD_BATCH_MS", Kind.PositiveNumber, b => b.YieldBatchMs, (b, v) => b with { YieldBatchMs = v }),
        Backfill("yieldPauseMs", "CUTOVER_BACKFILL_YIELD_PAUSE_MS", Kind.NonNegativeNumber, b => b.YieldPauseMs, (b, v) => b with { YieldPauseMs = v }),
        Backfill("yieldHoldMs", "CUTOVER_BACKFILL_YIELD_HOLD_MS", Kind.NonNegativeNumber, b => b.YieldHoldMs, (b, v) => b with { YieldHoldMs = v }),
        Backfill("slowCommitMs", "CUTOVER_BACKFILL_SLOW_COMMIT_MS", Kind.PositiveNumber, b => b.SlowCommitMs, (b, v) => b with { SlowCommitMs = v }),
        Backfill("slowCommitFactor", "CUTOVER_BACKFILL_SLOW_COMMIT_FACTOR", Kind.PositiveNumber, b => b.SlowCommitFactor, (b, v) => b with { SlowCommitFactor = v }),
        Backfill("lockWaitToShrinkMs", "CUTOVER_BACKFILL_LOCK_WAIT_TO_SHRINK_MS", Kind.PositiveNumber, b => b.LockWaitToShrinkMs,
            (b, v) => b with { LockWaitToShrinkMs = v }),
        Backfill("writebackAfterKb", "CUTOVER_BACKFILL_WRITEBACK_AFTER_KB", Kind.NonNegativeNumber, b => b.WritebackAfterKb, (b, v) => b with { WritebackAfterKb = v }),
        Backfill("maxPacingPauseMs", "CUTOVER_BACKFILL_MAX_PACING_PAUSE_MS", Kind.NonNegativeNumber, b => b.MaxPacingPauseMs, (b, v) => b with { MaxPacingPauseMs = v }),
        Backfill("checkpointPauseMs", "CUTOVER_BACKFILL_CHECKPOINT_PAUSE_MS", Kind.NonNegativeNumber, b => b.CheckpointPauseMs, (b, v) => b with { CheckpointPauseMs = v }),
        Backfill("workers", "CUTOVER_BACKFILL_WORKERS", Kind.PositiveNumber, b => b.Workers, (b, v) => b with { Workers = v }),
    ];

    /// <summary>
    /// <paramref name="config"/> with every variable <paramref name="environment"/> sets laid over it. A value the file
    /// would refuse — not a whole number, out of range, contradicting another setting — is bad input naming the variable.
    /// </summary>
    public static CutoverConfig Apply(CutoverConfig config, Func<string, string?> environment, string currentDirectory)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in Variables)
        {
            if (environment(variable.Name) is not { } raw || string.IsNullOrWhiteSpace(raw))
                continue;
            config = variable.Set(config, Parse(variable, raw, currentDirectory));
            given.Add(variable.Setting);
        }
        CheckRanges(config, given);
        return config;
    }

    /// <summary>The value checked and converted; a refusal quotes <paramref name="raw"/> as it was given, spaces included.</summary>
    private static object Parse(Variable variable, string raw, string currentDirectory)
    {
        var value = raw.Trim();
        // Only numbers and lists are refused, never text: so the connection, which may hold a password, is never printed.
        switch (variable.Kind)
        {
            case Kind.Text:
                return value;
            case Kind.Path:
                return Path.GetFullPath(Path.Combine(currentDirectory, value));
            case Kind.Names:
                var names = value.Split(',').Select(n => n.Trim()).ToArray();
                if (names.Any(n => n.Length == 0))
                    throw Refused(variable, raw, "has an empty name", "list names separated by commas, like public,billing");
                if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                    throw Refused(variable, raw, $"lists '{twice.Key}' twice", "keep one of them");
                return names;
            default:
                var positive = variable.Kind == Kind.PositiveNumber;
                var wanted = positive ? "a positive whole number" : "a whole number, 0 or more";
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    throw Refused(variable, raw, "is not a whole number", $"set it to {wanted}, or unset it");
                if (positive ? number <= 0 : number < 0)
                    throw Refused(variable, raw, positive ? "must be a positive number" : "must be 0 or more", $"set it to {wanted}, or unset it");
                return number;
        }
    }

    /// <summary>The file's orderings (<see cref="ConfigRanges"/>) again, now that a variable may have moved one end.</summary>
    private static void CheckRanges(CutoverConfig config, HashSet<string> given)
    {
        var numbers = Variables.Where(v => v.Number is not null).ToDictionary(v => v.Setting, v => v, StringComparer.Ordinal);
        if (ConfigRanges.FirstContradiction(setting => numbers[setting].Number!(config)) is not { } c)
            return;
        var (low, high) = (numbers[c.Ordering.Low], numbers[c.Ordering.High]);
        // Neither end set by a variable: the file alone contradicts itself, which its own check has reported already.
        if (!given.Contains(low.Setting) && !given.Contains(high.Setting))
            return;
        throw new ConfigurationException(
            $"{Side(low, c.LowValue, c.LowGiven)} is above {Side(high, c.HighValue, c.HighGiven)}: raise {NameOf(high)} or lower {NameOf(low)}",
            given.Contains(low.Setting) ? low.Name : high.Name,
            $"{c.Ordering.Why}; see docs/configuration.md");

        string Side(Variable v, int value, int? set) =>
            given.Contains(v.Setting) ? $"environment variable {v.Name}={value.ToString(CultureInfo.InvariantCulture)}"
            : $"'{v.Setting}' {value.ToString(CultureInfo.InvariantCulture)}{(set is null ? " (the default)" : " (cutover.json)")}";
        string NameOf(Variable v) => given.Contains(v.Setting) ? v.Name : $"'{v.Setting}'";
    }

    private static ConfigurationException Refused(Variable variable, string raw, string problem, string remedy) =>
        new($"environment variable {variable.Name}=\"{raw.ReplaceLineEndings(" ")}\" {problem}: {remedy}", variable.Name,
            $"{variable.Name} overrides '{variable.Setting}' in cutover.json; see docs/configuration.md");

    private static Variable Text(string setting, string name, Kind kind, Func<CutoverConfig, string, CutoverConfig> set) =>
        new(setting, name, kind, (c, v) => set(c, (string)v));

    private static Variable Number(string setting, string name, Kind kind, Func<CutoverConfig, int?> get, Func<CutoverConfig, int, CutoverConfig> set) =>
        new(setting, name, kind, (c, v) => set(c, (int)v), get);

    private static Variable LockTimeout(string setting, string name, Func<LockTimeoutConfig, int?> get, Func<LockTimeoutConfig, int, LockTimeoutConfig> set) =>
        Number("lockTimeout." + setting, name, Kind.PositiveNumber, c => c.LockTimeout is { } t ? get(t) : null,
            (c, v) => c with { LockTimeout = set(c.LockTimeout ?? new LockTimeoutConfig(), v) });

    private static Variable Backfill(string setting, string name, Kind kind, Func<BackfillConfig, int?> get, Func<BackfillConfig, int, BackfillConfig> set) =>
        Number("backfill." + setting, name, kind, c => c.Backfill is { } b ? get(b) : null,
            (c, v) => c with { Backfill = set(c.Backfill ?? new BackfillConfig(), v) });
}
