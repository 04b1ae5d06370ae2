namespace Cutover;

/// <summary>
/// How statements that take table locks are retried on PostgreSQL: each attempt runs under a
/// <c>lock_timeout</c> that grows from <see cref="InitialTimeout"/> to <see cref="MaxTimeout"/>, with
/// jittered sleeps between attempts, so a migration queued behind a long query never queues every
/// reader behind itself.
/// </summary>
public sealed record LockRetryPolicy
{
    /// <summary>lock_timeout of the first attempt.</summary>
    public TimeSpan InitialTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest lock_timeout an attempt uses.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many attempts before the step fails.</summary>
    public int Attempts { get; init; } = 10;

    /// <summary>The longest sleep between attempts (the actual sleep is jittered below it).</summary>
    public TimeSpan MaxSleep { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The lock_timeout of attempt <paramref name="attempt"/> (0-based): doubling, capped.</summary>
    public TimeSpan TimeoutFor(int attempt)
    {
        var ms = InitialTimeout.TotalMilliseconds * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxTimeout.TotalMilliseconds));
    }

    /// <summary>The sleep after failed attempt <paramref name="attempt"/>: full jitter over a doubling cap.</summary>
    public TimeSpan SleepAfter(int attempt, Random random)
    {
        var cap = Math.Min(MaxSleep.TotalMilliseconds, InitialTimeout.TotalMilliseconds * Math.Pow(2, attempt + 1));
        return TimeSpan.FromMilliseconds(cap / 2 + random.NextDouble() * cap / 2);
    }
}
