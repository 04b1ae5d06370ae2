using Cutover.Files;
using Cutover.History;
using Cutover.Running;

namespace Cutover.Tests.Planning;

/// <summary>
/// Where each migration stands, decided by the planner (a pure function of the files and the history rows): the
/// boundaries between below-baseline, out-of-order and pending, and which history state wins over the file.
/// </summary>
public sealed class MigrationPlannerTests
{
    private static MigrationFile File(string id, string checksum = "c0ffee") =>
        new(id, "m" + id, $"migrations/{id}_m{id}.sql", checksum, [], [], null);

    private static HistoryRecord Row(string id, string state = HistoryStates.Applied, string checksum = "c0ffee") =>
        new(id, "m" + id, checksum, null, state, HistoryStates.Up, 1, 0, null, DateTime.UtcNow, "me", "host", 5, "0.1.0");

    private static MigrationState StateOf(IReadOnlyList<PlannedMigration> plan, string id) => plan.Single(p => p.Id == id).State;

    [Fact]
    public void The_baseline_row_is_the_baseline_and_a_newer_file_is_pending()
    {
        var plan = MigrationPlanner.Plan([File("20260101000001"), File("20260101000002")], [Row("20260101000001", HistoryStates.Baseline)]);

        Assert.Equal(MigrationState.Baseline, StateOf(plan, "20260101000001"));
        Assert.Equal(MigrationState.Pending, StateOf(plan, "20260101000002"));
    }

    [Fact]
    public void A_file_without_a_row_at_or_below_the_newest_baseline_is_below_the_baseline_and_one_above_it_is_pending()
    {
        var plan = MigrationPlanner.Plan(
            [File("20260101000001"), File("20260101000003"), File("20260101000004"), File("20260101000006")],
            [Row("20260101000002", HistoryStates.Baseline), Row("20260101000005", HistoryStates.Baseline)]);

        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, "20260101000001"));
        // Between two baselines: the newest one counts.
        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, "20260101000003"));
        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, "20260101000004"));
        Assert.Equal(MigrationState.Pending, StateOf(plan, "20260101000006"));
    }

    [Fact]
    public void A_file_older_than_the_newest_applied_migration_is_out_of_order_and_a_newer_one_pending()
    {
        var plan = MigrationPlanner.Plan(
            [File("20260101000001"), File("20260101000002"), File("20260101000003"), File("20260101000004"), File("20260101000005")],
            [Row("20260101000001"), Row("20260101000004")]);

        Assert.Equal(MigrationState.Applied, StateOf(plan, "20260101000001"));
        // Older than the newest applied (…04), though newer than the oldest (…01): out of order.
        Assert.Equal(MigrationState.OutOfOrder, StateOf(plan, "20260101000002"));
        Assert.Equal(MigrationState.OutOfOrder, StateOf(plan, "20260101000003"));
        Assert.Equal(MigrationState.Applied, StateOf(plan, "20260101000004"));
        Assert.Equal(MigrationState.Pending, StateOf(plan, "20260101000005"));
    }

    [Fact]
    public void With_no_history_every_file_is_pending()
    {
        var plan = MigrationPlanner.Plan([File("20260101000002"), File("20260101000001")], []);

        Assert.All(plan, p => Assert.Equal(MigrationState.Pending, p.State));
        Assert.Equal(["20260101000001", "20260101000002"], plan.Select(p => p.Id));
    }

    [Fact]
    public void A_baseline_row_is_not_an_applied_migration_for_out_of_order()
    {
        // The baseline (…05) is newer than the file (…03), so the file is below it, not out of order.
        var plan = MigrationPlanner.Plan([File("20260101000003")], [Row("20260101000005", HistoryStates.Baseline)]);

        Assert.Equal(MigrationState.BelowBaseline, StateOf(plan, "20260101000003"));
    }

    [Theory]
    [InlineData(HistoryStates.Failed, MigrationState.Failed)]
    [InlineData(HistoryStates.Running, MigrationState.Interrupted)]
    [InlineData(HistoryStates.Backfilling, MigrationState.Backfilling)]
    [InlineData(HistoryStates.Baseline, MigrationState.Baseline)]
    public void The_state_of_an_unfinished_row_wins_over_a_changed_or_missing_file(string rowState, MigrationState expected)
    {
        var changed = MigrationPlanner.Plan([File("20260101000001", checksum: "new")], [Row("20260101000001", rowState, checksum: "old")]);
        var missing = MigrationPlanner.Plan([], [Row("20260101000001", rowState)]);

        Assert.Equal(expected, StateOf(changed, "20260101000001"));
        Assert.Equal(expected, StateOf(missing, "20260101000001"));
    }

    [Fact]
    public void An_applied_row_is_applied_changed_or_missing_by_its_file()
    {
        var plan = MigrationPlanner.Plan(
            [File("20260101000001", checksum: "same"), File("20260101000002", checksum: "edited")],
            [Row("20260101000001", checksum: "same"), Row("20260101000002", checksum: "original"), Row("20260101000003")]);

        Assert.Equal(MigrationState.Applied, StateOf(plan, "20260101000001"));
        Assert.Equal(MigrationState.Changed, StateOf(plan, "20260101000002"));
        Assert.Equal(MigrationState.Missing, StateOf(plan, "20260101000003"));
    }

    [Fact]
    public void Rows_without_files_join_the_plan_in_id_order_with_their_rows()
    {
        var plan = MigrationPlanner.Plan(
            [File("20260101000004"), File("20260101000002")],
            [Row("20260101000003"), Row("20260101000001"), Row("20260101000002")]);

        Assert.Equal(["20260101000001", "20260101000002", "20260101000003", "20260101000004"], plan.Select(p => p.Id));
        var gone = plan.Single(p => p.Id == "20260101000003");
        Assert.Null(gone.File);
        Assert.NotNull(gone.Record);
        Assert.Equal("m20260101000003", gone.Name);
        var both = plan.Single(p => p.Id == "20260101000002");
        Assert.NotNull(both.File);
        Assert.NotNull(both.Record);
        Assert.Null(plan.Single(p => p.Id == "20260101000004").Record);
    }
}
