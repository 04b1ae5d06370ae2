namespace Cutover.Operations;

/// <summary>
/// A condition on the data that an operation needs before its expand may start (no orphans for a foreign key, no
/// duplicates for a unique key): <paramref name="Violations"/> is a query of one text column, the key of each row in
/// the way. Expand is refused with their count and the first of them while it returns any.
/// </summary>
/// <param name="Violations">A SELECT of one column (the offending rows' keys as text).</param>
/// <param name="Problem">What the rows are, e.g. <c>rows of orders whose user_id is not in users</c>.</param>
/// <param name="Remedy">What to do about them.</param>
public sealed record OperationGuard(string Violations, string Problem, string Remedy);
