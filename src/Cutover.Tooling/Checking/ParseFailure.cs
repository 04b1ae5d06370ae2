using Cutover.Checking.Lint;
using Cutover.Files;

namespace Cutover.Checking;

/// <summary>How a migration file that the parser refuses appears among <c>cutover check</c>'s findings.</summary>
internal static class ParseFailure
{
    /// <summary>
    /// The finding for <paramref name="error"/>, raised parsing <paramref name="path"/>: transaction control in a
    /// step under its own rule, anything else as <c>unparsable</c>. Both are what <c>cutover up</c> would refuse.
    /// </summary>
    public static CheckFinding Finding(string path, CutoverException error)
    {
        var rule = error is TransactionControlException ? LintRules.TransactionControl : LintRules.Unparsable;
        var (line, message) = LineOf(path, error.Message);
        // An unparsable file's own remedy says more than the rule's "fix the file"; transaction control has its rule's.
        var fix = rule == LintRules.Unparsable ? error.Remedy ?? rule.Fix : rule.Fix;
        return new CheckFinding(rule.Id, Severity.Error, path, line, message, rule.Reason, fix);
    }

    /// <summary>Splits "path:line: message" into the line and the message.</summary>
    private static (int Line, string Message) LineOf(string path, string message)
    {
        var rest = message.StartsWith(path + ":", StringComparison.Ordinal) ? message[(path.Length + 1)..] : message;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(rest[..colon], out var line) ? (line, rest[(colon + 1)..].Trim()) : (1, rest.Trim());
    }
}
