using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

public sealed class BatchSizerTests
{
    private static readonly BackfillOptions Options = new() { MinBatch = 100, MaxBatch = 10_000, InitialBatch = 1000 };

    [Theory]
    [InlineData(1000, 1000, 100, 1500)]   // twice as fast as the target: grows, but by half at most
    [InlineData(1000, 1000, 160, 1250)]   // a little fast: moves all the way to the estimate
    [InlineData(1000, 1000, 800, 500)]    // four times too slow: shrinks by half at most
    [InlineData(9000, 9000, 10, 10_000)]  // never above the maximum
    [InlineData(150, 150, 5000, 100)]     // never below the minimum
    [InlineData(1000, 300, 10, 1000)]     // the table's last, short batch says nothing
    public void Auto_moves_gradually_toward_the_target_duration_within_bounds(int current, long keys, long elapsedMs, int next) =>
        Assert.Equal(next, new BatchSizer(Options, TimeSpan.FromMilliseconds(200), null).Next(current, keys, elapsedMs));

    [Fact]
    public void A_fixed_batch_never_changes() => Assert.Equal(250, new BatchSizer(Options, TimeSpan.FromMilliseconds(200), 250).Next(250, 250, 5000));
}
