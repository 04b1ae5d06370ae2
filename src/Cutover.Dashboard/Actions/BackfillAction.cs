using System.Globalization;
using Cutover.Backfill;

namespace Cutover.Dashboard.Actions;

/// <summary>Pause, resume or cancel one backfill, as <c>cutover backfill pause|resume|cancel</c> does.</summary>
internal sealed class BackfillAction : DashboardAction
{
    public static readonly BackfillAction Pause = new(
        "backfill-pause", "Pause", "bi-pause-circle", "btn-outline-warning", [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Failed],
        "Pausing lets the batch in flight finish, then runners wait (a foreground `up`) or move on to other work (a worker). " +
        "Nothing is undone: resuming continues from the checkpoint.",
        (m, id, ct) => m.PauseBackfillAsync(id, ct), "paused");

    public static readonly BackfillAction Resume = new(
        "backfill-resume", "Resume", "bi-play-circle", "btn-outline-success", [BackfillStates.Paused, BackfillStates.Cancelled, BackfillStates.Failed],
        "Resuming makes the backfill runnable again: the next runner (`cutover backfill run`, or a worker in the application) continues " +
        "from its checkpoint, retrying a failed batch. The dashboard itself runs no batches.",
        (m, id, ct) => m.ResumeBackfillAsync(id, ct), "resumed");

    public static readonly BackfillAction Cancel = new(
        "backfill-cancel", "Cancel", "bi-stop-circle", "btn-outline-danger", [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Paused, BackfillStates.Failed],
        "Cancelling stops the backfill after the batch in flight, and no runner starts it again. Rows already written stay written; " +
        "the rest of its migration waits. Resume it later, or roll its migration back.",
        (m, id, ct) => m.CancelBackfillAsync(id, ct), "cancelled");

    public static IReadOnlyList<BackfillAction> All { get; } = [Pause, Resume, Cancel];

    private readonly IReadOnlyList<string> _from;
    private readonly string _consequence;
    private readonly Func<Migrator, string, CancellationToken, Task<BackfillStatus>> _act;
    private readonly string _done;

    private BackfillAction(string key, string button, string icon, string buttonClass, IReadOnlyList<string> from, string consequence,
        Func<Migrator, string, CancellationToken, Task<BackfillStatus>> act, string done)
    {
        Key = key;
        Button = button;
        Icon = icon;
        ButtonClass = buttonClass;
        _from = from;
        _consequence = consequence;
        _act = act;
        _done = done;
    }

    public override string Key { get; }

    public string Button { get; }

    public string Icon { get; }

    public string ButtonClass { get; }

    /// <summary>
    /// Whether a backfill in <paramref name="state"/> can take this action — the runtime's own rule, repeated so that a
    /// page offers only what would work; the runtime checks again when it runs (the state may have moved meanwhile).
    /// </summary>
    public bool Accepts(string state) => _from.Contains(state);

    public override string MigrationOf(string id) => id.Split('/')[0];

    public override async Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var all = await migrator.BackfillStatusAsync(cancellationToken).ConfigureAwait(false);
        // Only an exact id: the confirmation names one backfill, the one the form will post.
        var backfill = all.FirstOrDefault(b => b.Id == input.Id);
        if (backfill is null)
            return null;
        var rows = backfill.RowsDone.ToString("N0", CultureInfo.InvariantCulture)
            + (backfill.TotalEstimate is { } total ? " of about " + total.ToString("N0", CultureInfo.InvariantCulture) : "");
        List<ActionFact> facts =
        [
            new("Backfill", backfill.Id),
            new("Migration", backfill.MigrationId),
            new("Table", backfill.Table),
            new("State", backfill.State),
            new("Rows done", rows),
            new("Position", backfill.PositionText ?? "–"),
        ];
        // The runtime keeps the last steering note ("pause by … on …") where a failure keeps its error.
        if (backfill.Error is { } error)
            facts.Add(new(backfill.State == BackfillStates.Failed ? "Error" : "Last change", error));
        var verb = Button.ToLowerInvariant();
        return new ActionPlan($"{Button} backfill {backfill.Id}", facts, _consequence, $"{Button} the backfill", ButtonClass.Replace("-outline", "", StringComparison.Ordinal), backfill.MigrationId)
        {
            Blocked = Accepts(backfill.State) ? null : $"A {backfill.State} backfill cannot be {_done}: only a {string.Join(", ", _from)} one can. Nothing to {verb}.",
        };
    }

    public override async Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var after = await _act(migrator, input.Id, cancellationToken).ConfigureAwait(false);
        return $"Backfill {after.Id} {_done}: it is now {after.State}.";
    }
}
