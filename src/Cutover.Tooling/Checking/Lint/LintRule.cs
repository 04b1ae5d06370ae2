namespace Cutover.Checking.Lint;

/// <summary>One lint rule: what every finding of it says about why it matters and what to do instead.</summary>
/// <param name="Id">The id used in output, in <c>-- cutover:allow</c> and in docs/lint.md.</param>
/// <param name="Severity">Errors fail <c>cutover check</c>; warnings only with <c>--strict</c>.</param>
/// <param name="Reason">Why it matters: the lock taken and what it blocks, or what is lost.</param>
/// <param name="Fix">The safe alternative.</param>
public sealed record LintRule(string Id, Severity Severity, string Reason, string Fix);
