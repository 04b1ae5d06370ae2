namespace Cutover.Rehearsal.Audit;

/// <summary>
/// One constraint a pending migration would add, checked against the rows that exist before anything runs.
/// </summary>
/// <param name="MigrationId">The id of the migration whose statement adds the constraint.</param>
/// <param name="Path">The migration file, as given to the parser.</param>
/// <param name="Line">The 1-based line of the statement that adds (or validates) the constraint.</param>
/// <param name="Constraint">
/// The constraint in words: <c>NOT NULL users.email</c>, <c>UNIQUE users (email)</c>,
/// <c>FOREIGN KEY order_items (order_id) → orders (id)</c>, <c>CHECK orders (total &gt;= 0)</c>.
/// </param>
/// <param name="Outcome">Passed, violated, or not evaluated (then <paramref name="Note"/> says why).</param>
/// <param name="ViolatingRows">How many rows violate it; for UNIQUE and PRIMARY KEY, the rows in groups of duplicates.</param>
/// <param name="SampleKeys">
/// Up to 10 violating rows, each as text: the primary key (<c>id=17</c>), SQLite's <c>rowid=5</c> when the table has
/// no key, or the row's values (a table without a key on PostgreSQL, the rows an <c>INSERT … SELECT</c> would
/// produce); for UNIQUE and PRIMARY KEY, the duplicated values and how many rows share them
/// (<c>email=a@example.com (2 rows)</c>).
/// </param>
/// <param name="Sql">The query that was run, to run again and see every row (drop its LIMIT); null when none ran.</param>
/// <param name="Note">Why the constraint was not evaluated, or what to keep in mind about the count; null when there is nothing to add.</param>
public sealed record AuditFinding(
    string MigrationId,
    string Path,
    int Line,
    string Constraint,
    AuditOutcome Outcome,
    long ViolatingRows,
    IReadOnlyList<string> SampleKeys,
    string? Sql,
    string? Note);
