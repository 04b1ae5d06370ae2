namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// A contract query: one file of <c>contracts/</c>, holding a query a page of the application
/// depends on and what must still hold for it after a migration.
/// </summary>
/// <param name="Name">The file name without <c>.sql</c>, e.g. <c>user_projects</c>.</param>
/// <param name="Path">Path of the file as loaded (named in errors).</param>
/// <param name="Line">1-based line of the file where the query starts.</param>
/// <param name="Sql">The query, without a terminating <c>;</c>.</param>
/// <param name="Expectations">The <c>-- expect:</c> declarations, in file order. None means the query only has to keep running.</param>
/// <param name="IsOrdered">Whether the query has a top-level ORDER BY, which makes row order part of <c>same-rows</c>.</param>
public sealed record ContractQuery(
    string Name,
    string Path,
    int Line,
    string Sql,
    IReadOnlyList<ContractExpectation> Expectations,
    bool IsOrdered);
