using System.Globalization;

namespace Cutover;

/// <summary>
/// The ranges of <see cref="CutoverOptions"/>, checked when a <see cref="Migrator"/> is created: a setting out of
/// range (a negative wait, a smallest batch above the largest) is a <see cref="ConfigurationException"/> naming it
/// before anything connects, instead of an <see cref="ArgumentException"/> in the middle of a migration, or a
/// value quietly clamped to another one.
/// </summary>
internal static class OptionRanges
{
    public static void Check(CutoverOptions options)
    {
        NotNegative(nameof(CutoverOptions.LockWait), options.LockWait);
        NotNegative(nameof(CutoverOptions.ArchiveRetention), options.ArchiveRetention);
        NotNegative(nameof(CutoverOptions.RolloutSoak), options.RolloutSoak);
        Retry(nameof(CutoverOptions.LockRetry), options.LockRetry);

        var b = options.Backfill ?? throw Refused(nameof(CutoverOptions.Backfill), "must be set", "leave it out for the defaults");
        const string B = nameof(CutoverOptions.Backfill) + ".";
        if (b.TargetBatchDuration is { } target)
            Positive(B + nameof(b.TargetBatchDuration), target);
        AtLeast(B + nameof(b.MinBatch), b.MinBatch, 1);
        AtLeast(B + nameof(b.MaxBatch), b.MaxBatch, 1);
        if (b.MinBatch > b.MaxBatch)
            throw Refused(B + nameof(b.MaxBatch), $"({N(b.MaxBatch)}) is below {B}{nameof(b.MinBatch)} ({N(b.MinBatch)})", "make the largest batch at least the smallest");
        if (b.InitialBatch < b.MinBatch || b.InitialBatch > b.MaxBatch)
            throw Refused(B + nameof(b.InitialBatch), $"({N(b.InitialBatch)}) is outside {B}{nameof(b.MinBatch)} to {B}{nameof(b.MaxBatch)} ({N(b.MinBatch)} to {N(b.MaxBatch)})",
                "start within the range auto-sized batches keep to");
        if (b.Pause is { } pause)
            NotNegative(B + nameof(b.Pause), pause);
        AtLeast(B + nameof(b.MaxActiveSessions), b.MaxActiveSessions, 0);
        NotNegative(B + nameof(b.MaxReplicationLag), b.MaxReplicationLag);
        Positive(B + nameof(b.ThrottleWait), b.ThrottleWait);
        AtLeast(B + nameof(b.LogEvery), b.LogEvery, 1);
        // The pacer's settings: a negative pause would be an endless wait (Task.Delay reads -1 ms as forever).
        if (b.YieldBatchDuration is { } yieldBatch)
            Positive(B + nameof(b.YieldBatchDuration), yieldBatch);
        if (b.YieldPause is { } yieldPause)
            NotNegative(B + nameof(b.YieldPause), yieldPause);
        NotNegative(B + nameof(b.YieldHold), b.YieldHold);
        Positive(B + nameof(b.SlowCommit), b.SlowCommit);
        AtLeast(B + nameof(b.SlowCommitFactor), b.SlowCommitFactor, 1);
        Positive(B + nameof(b.LockWaitToShrink), b.LockWaitToShrink);
        AtLeast(B + nameof(b.WritebackAfterKb), b.WritebackAfterKb, 0);
        NotNegative(B + nameof(b.MaxPacingPause), b.MaxPacingPause);
        NotNegative(B + nameof(b.CheckpointPause), b.CheckpointPause);
        AtLeast(B + nameof(b.Workers), b.Workers, 1);
        Retry(B + nameof(b.LockRetry), b.LockRetry);
    }

    private static void Retry(string name, LockRetryPolicy? retry)
    {
        if (retry is null)
            throw Refused(name, "must be set", "leave it out for the defaults");
        Positive($"{name}.{nameof(retry.InitialTimeout)}", retry.InitialTimeout);
        Positive($"{name}.{nameof(retry.MaxTimeout)}", retry.MaxTimeout);
        if (retry.InitialTimeout > retry.MaxTimeout)
            throw Refused($"{name}.{nameof(retry.InitialTimeout)}", $"({Ms(retry.InitialTimeout)}) is above {name}.{nameof(retry.MaxTimeout)} ({Ms(retry.MaxTimeout)})",
                "the timeout grows from the first to the largest: make the largest at least the first");
        AtLeast($"{name}.{nameof(retry.Attempts)}", retry.Attempts, 1);
        NotNegative($"{name}.{nameof(retry.MaxSleep)}", retry.MaxSleep);
    }

    private static void AtLeast(string name, int value, int least)
    {
        if (value < least)
            throw Refused(name, $"({N(value)}) must be at least {least}", null);
    }

    private static void Positive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            throw Refused(name, $"({Ms(value)}) must be longer than zero", null);
    }

    private static void NotNegative(string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            throw Refused(name, $"({Ms(value)}) must not be negative", null);
    }

    private static ConfigurationException Refused(string name, string problem, string? remedy) => new($"{name} {problem}", name, remedy);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
