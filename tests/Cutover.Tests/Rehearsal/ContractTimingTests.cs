using Cutover.Rehearsal.Contracts;

namespace Cutover.Tests.Rehearsal;

/// <summary>
/// The statistic a contract's max-slowdown compares and the floor under which differences are ignored, tested
/// directly with chosen durations rather than through timings a busy machine would make flaky.
/// </summary>
public sealed class ContractTimingTests
{
    private static readonly ContractQuery Query = new("q", "contracts/q.sql", 1, "SELECT 1", [], false);

    private static ContractRun RunWith(params double[] milliseconds) => RunOf(Query, milliseconds);

    private static ContractRun RunOf(ContractQuery query, params double[] milliseconds) =>
        new(query, [], [], 0, [], "", "", milliseconds.Select(TimeSpan.FromMilliseconds).ToList(), []);

    [Fact]
    public void An_odd_number_of_durations_gives_the_middle_one_whatever_their_order_and_one_outlier()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), RunWith(900, 3, 5).MedianDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(7), RunWith(7).MedianDuration);
    }

    [Fact]
    public void An_even_number_of_durations_gives_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), RunWith(6, 1000, 2, 4).MedianDuration);
    }

    [Fact]
    public void A_query_that_did_not_run_has_no_median()
    {
        Assert.Null(RunWith().MedianDuration);
        Assert.Null(ContractRun.Failed(Query, "relation does not exist").MedianDuration);
    }

    [Fact]
    public void Max_slowdown_ignores_a_slowdown_smaller_than_the_floor_however_large_the_ratio()
    {
        var query = Query with { Expectations = [new MaxSlowdownExpectation(1, 1m)] };
        Assert.Equal(TimeSpan.FromMilliseconds(1), ContractRunner.SlowdownFloor);

        var belowFloor = ContractRunner.Compare(RunOf(query, 0.2, 0.2, 0.2), RunOf(query, 1.1, 1.1, 1.1));
        var aboveFloor = ContractRunner.Compare(RunOf(query, 3, 3, 3), RunOf(query, 4.1, 4.1, 4.1));

        Assert.Empty(belowFloor.Failures);
        Assert.Equal(["max-slowdown 1x: 3.0 ms → 4.1 ms (1.4x)"], aboveFloor.Failures);
    }
}
