namespace Cutover.Tests.Operations;

/// <summary>
/// One operation kind driven through the kill lifecycle of <see cref="OperationKillSpecification"/>: everything that
/// differs between kinds. The table is always <c>items</c> (id integer PRIMARY KEY, …) with the lifecycle's rows: the
/// holds lock it and every kill counts its rows, whatever the kind does to it.
/// </summary>
/// <param name="Kind">The operation kind, for the test output.</param>
/// <param name="Table">The up SQL of the migration that creates <c>items</c> and fills it, applied unkilled.</param>
/// <param name="Directive">The operation line after <c>-- cutover:op</c>.</param>
/// <param name="Backfills">
/// How many backfill steps the expand runs, one after the other, each over every key of <c>items</c>: the checkpoints'
/// rows done add up to this many times the rows when the backfill is over.
/// </param>
/// <param name="Backfilled">
/// Queries that return 0 while a backfill is cut off by a kill: exactly the rows the checkpoints count are backfilled
/// (a batch commits with its checkpoint), each with the value it derives from its old row.
/// </param>
/// <param name="Completed">Queries whose rows after complete must be those of an unkilled run.</param>
/// <param name="AbortDrops">Tables expand created that abort must have dropped (columns show in the dump of <c>items</c>).</param>
/// <param name="CompleteCommitsBeforeTheHold">
/// Whether complete commits steps before the one a hold on <c>items</c> stops (PostgreSQL's extract-table validates
/// its foreign key outside the transaction first): a kill there leaves the migration completing, not expanded.
/// </param>
/// <param name="PostgresHold">The lock mode of the PostgreSQL hold: the weakest one each step the lifecycle holds waits for.</param>
internal sealed record KillCase(
    string Kind,
    string Table,
    string Directive,
    int Backfills,
    IReadOnlyList<string> Backfilled,
    IReadOnlyList<string> Completed,
    IReadOnlyList<string> AbortDrops,
    bool CompleteCommitsBeforeTheHold = false,
    string PostgresHold = "ACCESS SHARE")
{
    public override string ToString() => Kind;

    /// <summary>The numbers 1..<paramref name="rows"/> as <c>x</c> of a subquery <c>s</c>, in SQL both engines run.</summary>
    public static string Numbers(int rows) =>
        $"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT x FROM c) s";
}
