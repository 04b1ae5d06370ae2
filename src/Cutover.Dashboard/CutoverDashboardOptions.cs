using Cutover.Checking.Lint;

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

    /// <summary>
    /// The lint rules of the engine the migrations run on, so each migration's page shows the findings
    /// <c>cutover check</c> gives for its file (suppressions honoured). Null, the default: the page says lint is not
    /// configured. For PostgreSQL: <c>new LintOptions(SqlDialect.Postgres, new PostgresLint())</c> (Cutover.Postgres.Tooling);
    /// for SQLite: <c>new LintOptions(SqlDialect.Sqlite, new SqliteLint())</c> (Cutover.Sqlite.Tooling).
    /// </summary>
    public LintOptions? Lint { get; set; }

    /// <summary>
    /// The folder <c>cutover rehearse</c> writes its one-pagers (<c>&lt;id&gt;.md</c>) and reports (<c>rehearsals/</c>)
    /// to: absolute, or relative to the app's content root. Default <c>docs/migrations</c>, the tool's default when the
    /// app's content root is the folder that holds the migrations folder.
    /// </summary>
    public string RehearsalDocsFolder { get; set; } = "docs/migrations";

    /// <summary>The folder's last check, shared by the migration pages of this mapping.</summary>
    internal Rehearsals.FolderCheckCache Checks { get; } = new();
}
