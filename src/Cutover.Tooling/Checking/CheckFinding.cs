namespace Cutover.Checking;

/// <summary>How much a finding matters: errors fail <c>cutover check</c>, warnings only with <c>--strict</c>.</summary>
public enum Severity
{
    /// <summary>Worth a look; fails the check only with <c>--strict</c>.</summary>
    Warning,
    /// <summary>Fails the check.</summary>
    Error,
}

/// <summary>One problem <c>cutover check</c> found in the migrations folder.</summary>
/// <param name="RuleId">The rule, e.g. <c>sum-out-of-date</c> or <c>pg-index-not-concurrent</c>; documented in docs/lint.md.</param>
/// <param name="Severity">Whether it fails the check.</param>
/// <param name="File">The file at fault (a full path).</param>
/// <param name="Line">The 1-based line at fault; 1 when the whole file is meant.</param>
/// <param name="Message">One line saying what is wrong.</param>
/// <param name="Reason">Why it matters: the lock taken and what it blocks, or the data or history at risk.</param>
/// <param name="Fix">The safe alternative.</param>
/// <param name="SuppressedBecause">The reason given in <c>-- cutover:allow</c> when the finding was allowed; it then fails nothing.</param>
public sealed record CheckFinding(
    string RuleId, Severity Severity, string File, int Line, string Message, string Reason, string Fix, string? SuppressedBecause = null)
{
    /// <summary>Whether the finding counts: not allowed by a suppression.</summary>
    public bool Active => SuppressedBecause is null;
}
