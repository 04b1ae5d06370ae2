namespace Cutover.Operations;

/// <summary>
/// The SQL of one operation's phases on one engine, each in migration-file form (<c>-- cutover:up</c>,
/// <c>-- cutover:up no-transaction</c>, <c>-- cutover:backfill</c> and <c>-- cutover:down</c> sections), so that it is
/// run, resumed, printed and stored exactly like the steps of a file.
/// </summary>
/// <param name="Expand">Up and backfill steps: new columns and objects, the triggers that keep both shapes in step, the new version's view, the backfill.</param>
/// <param name="Abort">Down steps that remove everything expand made; the old shape is left as it was.</param>
/// <param name="Complete">Up steps of the contract: drop what only the old shape needed, rename, validate constraints.</param>
/// <param name="Checks">How to compare the two shapes row by row.</param>
/// <param name="Shape">Statements that give a connection of the new version its shape (run by the application on each connection).</param>
/// <param name="Archive">What complete keeps of the data it drops: the archive table's name and the query that fills it (null when nothing is dropped).</param>
/// <param name="Touches">Tables besides the operation's own that it creates, renames or writes (schema null or empty on SQLite): another operation in flight on one of them is refused as overlapping.</param>
/// <param name="Guards">Conditions on the data checked before expand starts; expand is refused while one finds rows in the way.</param>
public sealed record OperationPlan(string Expand, string Abort, string Complete, IReadOnlyList<OperationCheck> Checks, IReadOnlyList<string> Shape, ArchivedData? Archive = null, IReadOnlyList<Sql.TableName>? Touches = null, IReadOnlyList<OperationGuard>? Guards = null)
{
    /// <summary>
    /// Down steps that undo a completed operation while its archive is kept: the old shape back, with its data from the
    /// down expressions or the archive. Null when a completed operation cannot be undone.
    /// </summary>
    public string? Restore { get; init; }

    /// <summary>
    /// Conditions checked when complete starts, on what may have changed since expand (complete runs SQL rendered at
    /// expand): complete is refused while one finds rows in the way.
    /// </summary>
    public IReadOnlyList<OperationGuard> CompleteGuards { get; init; } = [];
}

/// <summary>
/// A row-by-row comparison of the two shapes of one table, walked over <paramref name="Table"/>'s key in batches like
/// a backfill: <paramref name="Mismatch"/> is a predicate over the table's row that holds where the shapes disagree,
/// <paramref name="Repair"/> an UPDATE with <c>{batch}</c> that re-derives the new shape where they do.
/// </summary>
/// <param name="Table">The table walked, as written in a backfill directive (canonical, schema-qualified where the engine has schemas).</param>
/// <param name="Mismatch">A boolean SQL expression over the table's columns, true for a row whose shapes disagree.</param>
/// <param name="Repair">An UPDATE of the table with <c>{batch}</c> that re-derives the mismatching rows.</param>
public sealed record OperationCheck(string Table, string Mismatch, string Repair);

/// <summary>The data complete drops, kept in an archive table for the retention window.</summary>
/// <param name="Table">The archive table (Cutover's own: its name starts with <c>cutover_</c>).</param>
/// <param name="Create">The statement that creates and fills it.</param>
public sealed record ArchivedData(string Table, string Create);

/// <summary>
/// An optional capability of a provider: rendering declared operations in the engine's SQL. A provider without it
/// refuses migrations that declare operations.
/// </summary>
public interface IOperationSql
{
    /// <summary>The SQL of every phase of <paramref name="target"/>'s operation.</summary>
    /// <exception cref="InvalidFileException">The operation cannot be done on this engine (the message says why and what to do instead).</exception>
    OperationPlan Plan(OperationTarget target);
}

/// <summary>An operation with what the live catalog says about it, checked by the runtime before a provider renders it.</summary>
/// <param name="MigrationId">The migration that declares it; names every object it creates.</param>
/// <param name="Path">The migration file, for errors.</param>
/// <param name="Operation">The declared operation.</param>
/// <param name="Table">The live table it changes (it exists, and has a primary key).</param>
/// <param name="Schema">The live schema, for operations that reach other tables.</param>
/// <param name="Transform">For operations that reshape columns of one table, what they reduce to; null for the others.</param>
/// <param name="Referenced">The live table a foreign key references (checked: it exists, the column is its key); null for other operations.</param>
public sealed record OperationTarget(string MigrationId, string Path, Operation Operation, Schema.TableModel Table, Schema.SchemaModel Schema, TableTransform? Transform, Schema.TableModel? Referenced = null);
