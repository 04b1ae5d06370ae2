namespace Cutover.Dashboard;

/// <summary>
/// What the dashboard may do beyond reading, and where it finds what is not in the database. The defaults give the
/// read-only dashboard of the database the registered <see cref="Cutover.Migrator"/> reaches.
/// </summary>
public sealed class CutoverDashboardOptions
{
    /// <summary>
    /// Maps the actions — pause, resume or cancel a backfill; verify, change the rollout of, complete or abort an operation
    /// migration — each behind a confirmation page whose form carries an antiforgery token (register it with
    /// <c>services.AddAntiforgery()</c>; mapping fails without it). False (the default): the action endpoints do not exist
    /// and no page shows a button. In an app that authenticates its users, the audit log records the signed-in user's
    /// name as who acted.
    /// </summary>
    public bool AllowActions { get; set; }
}
