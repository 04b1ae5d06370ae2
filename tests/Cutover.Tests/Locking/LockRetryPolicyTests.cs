namespace Cutover.Tests.Locking;

/// <summary>
/// The arithmetic of the lock_timeout retry policy (DESIGN: a short lock_timeout that grows across retries, with
/// jittered sleeps). The database tests show a migration gets through behind a long query; these pin the numbers.
/// </summary>
public sealed class LockRetryPolicyTests
{
    /// <summary>A random source that always draws the same value, to read the edges of the jitter.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Fact]
    public void The_defaults_start_at_100_ms_grow_to_2_s_and_give_up_after_10_attempts()
    {
        var policy = new LockRetryPolicy();

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.InitialTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.MaxTimeout);
        Assert.Equal(10, policy.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.MaxSleep);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1600)]
    [InlineData(5, 2000)]
    [InlineData(9, 2000)]
    public void The_lock_timeout_doubles_with_each_attempt_up_to_the_maximum(int attempt, double expectedMs)
    {
        var policy = new LockRetryPolicy();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), policy.TimeoutFor(attempt));
    }

    [Fact]
    public void A_maximum_below_the_initial_timeout_caps_even_the_first_attempt()
    {
        var policy = new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(500), MaxTimeout = TimeSpan.FromMilliseconds(300) };

        Assert.Equal(TimeSpan.FromMilliseconds(300), policy.TimeoutFor(0));
    }

    [Theory]
    // The cap after attempt k is the lock_timeout of attempt k + 1 (100 ms · 2^(k+1)), at most MaxSleep;
    // the sleep is drawn between half the cap and the cap.
    [InlineData(0, 0.0, 100)]
    [InlineData(0, 0.5, 150)]
    [InlineData(0, 1.0, 200)]
    [InlineData(1, 0.0, 200)]
    [InlineData(1, 1.0, 400)]
    [InlineData(3, 0.0, 800)]
    [InlineData(3, 0.25, 1000)]
    [InlineData(4, 0.0, 1000)]
    [InlineData(4, 1.0, 2000)]
    [InlineData(8, 0.5, 1500)]
    public void The_sleep_after_a_failed_attempt_is_jittered_between_half_the_cap_and_the_cap(int attempt, double draw, double expectedMs)
    {
        var policy = new LockRetryPolicy();

        Assert.Equal(expectedMs, policy.SleepAfter(attempt, new FixedRandom(draw)).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void The_sleep_never_exceeds_the_maximum_sleep_however_many_attempts_failed()
    {
        var policy = new LockRetryPolicy { MaxSleep = TimeSpan.FromMilliseconds(250) };
        var random = new Random(7);

        for (var attempt = 0; attempt < 30; attempt++)
        {
            var sleep = policy.SleepAfter(attempt, random);
            Assert.InRange(sleep.TotalMilliseconds, 100, 250);
        }
    }
}
