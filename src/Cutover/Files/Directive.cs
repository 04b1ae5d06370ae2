using System.Text.RegularExpressions;

namespace Cutover.Files;

/// <summary>One <c>-- cutover:&lt;kind&gt; [options]</c> line of a migration file.</summary>
/// <param name="Line">1-based line of the directive.</param>
/// <param name="Kind">The step it opens, or null for <c>irreversible</c>.</param>
/// <param name="IrreversibleReason">The reason after <c>irreversible</c>; null for steps.</param>
/// <param name="Backfill">The options of a <c>backfill</c> directive.</param>
/// <param name="Operation">The operation of an <c>op</c> directive.</param>
internal sealed partial record Directive(int Line, StepKind? Kind, string? IrreversibleReason, BackfillSpec? Backfill = null, Operations.Operation? Operation = null)
{
    private const string Valid =
        "use one of: -- cutover:up, -- cutover:up no-transaction, -- cutover:backfill <table>, -- cutover:down, " +
        "-- cutover:down no-transaction, -- cutover:op <operation> …, -- cutover:irreversible <reason>";

    // Any comment starting "cutover:" (in any case, with any spacing) is taken as an attempt at a
    // directive, so that a typo is reported instead of silently becoming a comment.
    [GeneratedRegex(@"^--\s*cutover:", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^--\s*cutover:(?<kind>\S+)(?<rest>.*)$")]
    private static partial Regex Shape();

    /// <summary>Whether the line is a directive line. Recognised by line alone, not by lexing.</summary>
    public static bool IsDirective(string line) => Prefix().IsMatch(line.Trim()) && !IsAllow(line);

    /// <summary>
    /// <c>-- cutover:allow &lt;rule&gt; &lt;reason&gt;</c> annotates the statement it stands above for
    /// the pre-merge checks; it is a plain comment to the runner, not a step.
    /// </summary>
    public static bool IsAllow(string line) => AllowPrefix().IsMatch(line.Trim());

    [GeneratedRegex(@"^--\s*cutover:allow(\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AllowPrefix();

    /// <summary>Parses a line for which <see cref="IsDirective"/> holds; bad input when it is not a known directive.</summary>
    public static Directive Parse(string path, int lineNumber, string line)
    {
        var trimmed = line.Trim();
        var match = Shape().Match(trimmed);
        if (!match.Success)
        {
            throw Unknown(path, lineNumber, trimmed);
        }

        var rest = match.Groups["rest"].Value.Trim();
        var options = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return match.Groups["kind"].Value switch
        {
            "up" when options is [] => new Directive(lineNumber, StepKind.Up, null),
            "up" when options is ["no-transaction"] => new Directive(lineNumber, StepKind.UpNoTransaction, null),
            "down" when options is [] => new Directive(lineNumber, StepKind.Down, null),
            "down" when options is ["no-transaction"] => new Directive(lineNumber, StepKind.DownNoTransaction, null),
            "irreversible" when rest.Length == 0 => throw new InvalidFileException(
                path, lineNumber, $"'-- cutover:irreversible' needs a reason",
                "say why the change cannot be undone, e.g. -- cutover:irreversible drops the legacy_orders table"),
            "irreversible" => new Directive(lineNumber, null, rest),
            "backfill" => new Directive(lineNumber, StepKind.Backfill, null, BackfillSpec.Parse(path, lineNumber, options)),
            "op" => new Directive(lineNumber, StepKind.Operation, null, null, Operations.OperationLine.Parse(path, lineNumber, rest)),
            _ => throw Unknown(path, lineNumber, trimmed),
        };
    }

    private static InvalidFileException Unknown(string path, int lineNumber, string trimmed) =>
        new InvalidFileException(path, lineNumber, $"unknown directive '{trimmed}'", Valid);
}
