namespace Cutover.Checking.Lint;

/// <summary>
/// The lint rules <c>cutover check</c> applies on every engine; each engine's own rules come with its lint
/// (<see cref="IEngineLint"/>). docs/lint.md shows a bad and a good example of each, and the test suite runs those examples.
/// </summary>
public static class LintRules
{
    /// <summary>RENAME COLUMN.</summary>
    public static readonly LintRule RenameColumn = new("rename-column", Severity.Error,
        "the running application still reads and writes the old name: every query that names it fails from the moment the migration commits until the new code is deployed",
        "declare it as an operation, `-- cutover:op rename-column <table>.<column> to <new name>` (docs/operations.md): each app version sees its own name until `cutover complete`; or by hand, expand and contract: add the new column, write both, backfill, switch reads, drop the old column in a later release");

    /// <summary>RENAME TO of a table.</summary>
    public static readonly LintRule RenameTable = new("rename-table", Severity.Error,
        "the running application still uses the old table name: its queries fail until the new code is deployed",
        "create the new table (or a view with the new name over the old table), move the application, then drop the old name in a later release");

    /// <summary>DROP COLUMN.</summary>
    public static readonly LintRule DropColumn = new("drop-column", Severity.Error,
        "the column's data is gone: the down step can add the column back but not its values, and a running application that still selects it fails",
        "declare it as an operation, `-- cutover:op drop-column <table>.<column>` (docs/operations.md): the new version stops seeing it at once, the old one keeps it until `cutover complete` drops it and archives its values; or stop using the column in a release first and drop it later with `-- cutover:allow drop-column <reason>` once a backup or copy exists");

    /// <summary>DROP TABLE.</summary>
    public static readonly LintRule DropTable = new("drop-table", Severity.Error,
        "the table's rows are gone: the down step can recreate the table but not its data",
        "stop using the table in one release; drop it in a later one with `-- cutover:allow drop-table <reason>` once a backup or archive exists");

    /// <summary>UPDATE or DELETE without WHERE.</summary>
    public static readonly LintRule WholeTableChange = new("whole-table-change", Severity.Error,
        "UPDATE or DELETE without WHERE touches every row in one transaction: row locks on the whole table for its duration, a burst of dead rows, and no way to stop halfway",
        "batch it in a backfill step; if the table is known to be small, allow it with a reason");

    /// <summary>A data change in an up step.</summary>
    public static readonly LintRule DataChangeInUp = new("data-change-in-up", Severity.Warning,
        "UPDATE, DELETE or INSERT … SELECT in an up step runs as one transaction with the schema change: on a large table it holds row locks, and the step's DDL locks, until every row is done",
        "move the data change into a backfill step (batched, resumable, throttled)");

    /// <summary>No down step and no irreversible reason.</summary>
    public static readonly LintRule MissingDown = new("missing-down", Severity.Error,
        "without a down step the migration cannot be rolled back when the release goes wrong, and `cutover redo` cannot be used while writing it",
        "add a `-- cutover:down` step that undoes the up steps, or `-- cutover:irreversible <reason>` when nothing can undo it");

    /// <summary>A down that leaves behind what up created.</summary>
    public static readonly LintRule DownIncomplete = new("down-incomplete", Severity.Error,
        "after rolling back, the object the up step created is still there: the schema is not the one the migration started from, and running up again fails or silently keeps the old object",
        "drop it in the down step (dropping a table drops its indexes)");

    /// <summary>
    /// BEGIN, COMMIT, ROLLBACK, SAVEPOINT … in a step. The parser refuses such a file, and <c>cutover check</c> reports
    /// that refusal under this rule (a parse failure cannot be allowed, so neither can this).
    /// </summary>
    public static readonly LintRule TransactionControl = new("transaction-control", Severity.Error,
        "Cutover runs a step in its own transaction and commits it with the migration's history row: a COMMIT or ROLLBACK in the step would commit part of it without its record, and the next run would fail or apply it twice; `cutover up` refuses the file",
        "remove the statement: an up step is already one transaction; statements that must run outside one go in a `-- cutover:up no-transaction` step, where each statement commits on its own");

    /// <summary>A step that holds only comments.</summary>
    public static readonly LintRule NoOpStep = new("no-op-step", Severity.Warning,
        "the step holds only comments: it runs nothing, yet the migration is recorded as applied (or rolled back) — right for a migration that has nothing to do on this engine, wrong for one whose SQL was forgotten or commented out",
        "write the statements under the directive; if nothing needs doing, say why in the comment and leave it");

    /// <summary>An allow without a reason.</summary>
    public static readonly LintRule AllowWithoutReason = new("allow-without-reason", Severity.Error,
        "a suppression must say why the finding is acceptable, so a reviewer can judge it",
        "-- cutover:allow <rule-id> <reason>");

    /// <summary>An allow naming no known rule.</summary>
    public static readonly LintRule AllowUnknownRule = new("allow-unknown-rule", Severity.Error,
        "the suppression names no rule, so it suppresses nothing (a typo?)",
        "use a rule id from docs/lint.md");

    /// <summary>An allow that suppresses nothing.</summary>
    public static readonly LintRule AllowUnused = new("allow-unused", Severity.Warning,
        "the suppression matches no finding on its statement: it is stale, or stands above the wrong statement",
        "remove it, or move it right above the statement it is meant for");

    /// <summary>A file that does not parse.</summary>
    public static readonly LintRule Unparsable = new("unparsable", Severity.Error,
        "`cutover up` would refuse the file",
        "fix the file as the message says");

    /// <summary>Every rule of every engine, in documentation order.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
    [
        RenameColumn, RenameTable, DropColumn, DropTable, WholeTableChange, DataChangeInUp, MissingDown, DownIncomplete, TransactionControl, NoOpStep, AllowWithoutReason, AllowUnknownRule, AllowUnused, Unparsable,
    ];

    /// <summary>The rule with this id, or null.</summary>
    public static LintRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
