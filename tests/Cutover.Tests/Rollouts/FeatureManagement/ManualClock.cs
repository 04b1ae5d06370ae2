namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>A clock the test moves by hand, so that refresh and staleness bounds are checked exactly, not slept through.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
