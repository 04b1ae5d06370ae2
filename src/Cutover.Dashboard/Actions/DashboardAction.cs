namespace Cutover.Dashboard.Actions;

/// <summary>
/// One thing the dashboard can do with <c>AllowActions</c>: say what it would do to an object as it is now (the
/// confirmation page), and do it through the <see cref="Migrator"/> when the confirmed form comes back. A refusal of the
/// runtime (a <see cref="CutoverException"/>) is an answer, shown on the page; the action does not catch it itself.
/// </summary>
internal abstract class DashboardAction
{
    /// <summary>The last segment of its URL, <c>&lt;prefix&gt;/actions/&lt;name&gt;</c>.</summary>
    public abstract string Key { get; }

    /// <summary>The confirmation of the action on <paramref name="input"/>'s object; null when there is no such object.</summary>
    public abstract Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken);

    /// <summary>Does it; returns what happened, in a sentence for the page.</summary>
    public abstract Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken);

    /// <summary>The migration whose page the object belongs to (a backfill's id starts with its migration's).</summary>
    public virtual string MigrationOf(string id) => id;
}
