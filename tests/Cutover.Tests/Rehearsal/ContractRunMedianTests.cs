using Cutover.Rehearsal.Contracts;

namespace Cutover.Tests.Rehearsal;

/// <summary>The statistic a contract's max-slowdown compares, tested directly rather than through timings.</summary>
public sealed class ContractRunMedianTests
{
    private static readonly ContractQuery Query = new("q", "contracts/q.sql", 1, "SELECT 1", [], false);

    private static ContractRun RunWith(params int[] milliseconds) =>
        new(Query, [], [], 0, [], "", "", milliseconds.Select(ms => TimeSpan.FromMilliseconds(ms)).ToList(), []);

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
}
