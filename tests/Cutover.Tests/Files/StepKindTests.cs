using Cutover.Files;

namespace Cutover.Tests.Files;

public sealed class StepKindTests
{
    [Theory]
    [InlineData(StepKind.Up, true, false, "up")]
    [InlineData(StepKind.UpNoTransaction, false, false, "up no-transaction")]
    [InlineData(StepKind.Backfill, false, false, "backfill")]
    [InlineData(StepKind.Down, true, true, "down")]
    [InlineData(StepKind.DownNoTransaction, false, true, "down no-transaction")]
    public void Each_kind_says_whether_it_is_transactional_which_direction_it_runs_and_how_it_is_written(
        StepKind kind, bool transactional, bool down, string directive)
    {
        Assert.Equal(transactional, kind.IsTransactional());
        Assert.Equal(down, kind.IsDown());
        Assert.Equal(directive, kind.Directive());
    }
}
