using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>The rate, ETA and readable position that <c>cutover backfill status</c> shows, computed from one checkpoint row.</summary>
public sealed class BackfillStatusTests
{
    private static BackfillStatus Status(long rowsDone, long elapsedMs, long? total, string state = BackfillStates.Running, string? position = null) =>
        new("20260101000001/2", "20260101000001", 2, "t", "m.sql:3", ["\"id\""], "primary key (id)", "UPDATE t SET v = 1 WHERE {batch}", null,
            null, null, 1000, position, rowsDone, rowsDone, 1, total, "count", state, null, DateTime.UtcNow, DateTime.UtcNow, elapsedMs, 10);

    [Fact]
    public void The_rate_is_rows_done_per_second_of_elapsed_time_and_zero_before_any_time_has_passed()
    {
        Assert.Equal(500.0, Status(1000, 2000, 5000).RowsPerSecond);
        Assert.Equal(0.0, Status(1000, 0, 5000).RowsPerSecond);
    }

    [Fact]
    public void The_eta_is_the_rows_left_at_the_rate_so_far()
    {
        // 1000 rows in 2 s: 500 rows/s; 4000 rows left: 8 s.
        Assert.Equal(TimeSpan.FromSeconds(8), Status(1000, 2000, 5000).Eta);
    }

    [Fact]
    public void A_finished_backfill_has_nothing_left_whatever_its_estimate_said()
    {
        Assert.Equal(TimeSpan.Zero, Status(9000, 2000, 5000, BackfillStates.Done).Eta);
    }

    [Fact]
    public void There_is_no_eta_without_a_rate_an_estimate_or_rows_left_by_the_estimate()
    {
        Assert.Null(Status(0, 0, 5000).Eta);            // no rate yet
        Assert.Null(Status(1000, 2000, null).Eta);      // no estimate
        Assert.Null(Status(5000, 2000, 5000).Eta);      // the estimate is reached
        Assert.Null(Status(6000, 2000, 5000).Eta);      // the estimate was too low
    }

    [Theory]
    [InlineData(BackfillStates.Queued)]
    [InlineData(BackfillStates.Paused)]
    [InlineData(BackfillStates.Cancelled)]
    [InlineData(BackfillStates.Failed)]
    public void A_backfill_that_is_not_running_has_no_eta_whatever_its_rate(string state)
    {
        // Issue 12 item 19: a paused or cancelled backfill finishes in no time at all by itself.
        Assert.Null(Status(1000, 2000, 5000, state).Eta);
    }

    [Fact]
    public void The_position_is_shown_readable_and_is_absent_before_the_first_batch()
    {
        Assert.Equal("(7, 'b')", Status(10, 10, 10, position: "[\"i:7\",\"s:b\"]").PositionText);
        Assert.Null(Status(0, 0, 10).PositionText);
    }
}
