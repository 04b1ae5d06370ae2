using Cutover.Backfill;
using Cutover.Cli;
using Cutover.Cli.Rendering;

namespace Cutover.Tests.Cli;

/// <summary>Issue 12 item 19: `backfill status` shows a backfill's real state, and an ETA only while it runs.</summary>
public sealed class BackfillOutputTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    private static BackfillStatus Status(string state, DateTime updated) =>
        new("20260101000001/2", "20260101000001", 2, "users", "m.sql:3", ["\"id\""], "primary key (id)", "UPDATE users SET v = 1 WHERE {batch}", null,
            null, null, 1000, "[\"i:1000\"]", 1000, 1000, 10, 5000, "count", state, state == BackfillStates.Cancelled ? "cancel by bob on box" : null,
            Now.AddMinutes(-10), updated, 2000, 150);

    private static string Table(BackfillStatus status)
    {
        using var writer = new StringWriter();
        BackfillOutput.WriteTable(CliContext.CreateConsole(writer, color: false, interactive: false), [status], Now);
        return writer.ToString();
    }

    [Fact]
    public void A_running_backfill_shows_its_eta()
    {
        var table = Table(Status(BackfillStates.Running, Now.AddSeconds(-1)));

        Assert.Contains("│ running ", table, StringComparison.Ordinal);
        Assert.Contains("│ 8s ", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BackfillStates.Paused)]
    [InlineData(BackfillStates.Cancelled)]
    [InlineData(BackfillStates.Failed)]
    [InlineData(BackfillStates.Queued)]
    public void A_backfill_that_is_not_running_shows_its_state_and_no_eta(string state)
    {
        var status = Status(state, Now.AddSeconds(-1));

        var table = Table(status);

        Assert.Contains($"│ {state} ", table, StringComparison.Ordinal);
        Assert.DoesNotContain("8s", table, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", table, StringComparison.Ordinal);
        Assert.DoesNotContain("ETA", BackfillOutput.Line(status), StringComparison.Ordinal);
        Assert.Contains(state, BackfillOutput.Line(status), StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_backfill_whose_checkpoint_has_not_moved_for_minutes_shows_as_stalled_without_an_eta()
    {
        // A killed runner (or an `up` stopped with Ctrl+C) leaves the state "running"; nothing moves it any more.
        var table = Table(Status(BackfillStates.Running, Now.AddMinutes(-5)));

        Assert.Contains("│ stalled ", table, StringComparison.Ordinal);
        Assert.DoesNotContain("│ running ", table, StringComparison.Ordinal);
        Assert.DoesNotContain("8s", table, StringComparison.Ordinal);
        Assert.Contains("no batch for 5m00s", table, StringComparison.Ordinal);
    }
}
