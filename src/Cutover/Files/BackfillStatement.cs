using System.Text;
using System.Text.RegularExpressions;
using Cutover.Sql;

namespace Cutover.Files;

/// <summary>
/// The statement of a SQL backfill step: one UPDATE, INSERT … SELECT or DELETE holding the placeholder
/// <c>{batch}</c> (or <c>{batch:alias}</c> to qualify the key columns when the statement joins), which each
/// batch replaces with its key range.
/// </summary>
internal static partial class BackfillStatement
{
    [GeneratedRegex(@"\{batch(?::(?<alias>[A-Za-z_][A-Za-z0-9_]*))?\}")]
    private static partial Regex Placeholder();

    /// <summary>Bad input unless the step holds what its directive promises.</summary>
    public static void Check(string path, Directive directive, IReadOnlyList<SqlStatement> statements, SqlDialect dialect)
    {
        var spec = directive.Backfill!;
        if (spec.Code is not null)
        {
            if (statements.Count > 0)
                throw new InvalidFileException(path, statements[0].Line, $"SQL under a backfill step with code={spec.Code}, which computes its values in C#",
                    "remove the SQL, or remove code= to run the SQL instead");
            return;
        }
        if (statements.Count == 0)
            throw new InvalidFileException(path, directive.Line, $"empty backfill step",
                "write one UPDATE, INSERT … SELECT or DELETE with {batch} in its WHERE clause, e.g. UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};");
        if (statements.Count > 1)
            throw new InvalidFileException(path, statements[1].Line, $"a backfill step holds one statement; this is a second",
                "put each data change in its own -- cutover:backfill step, or the DDL in an up step");
        var statement = statements[0];
        var shape = StatementShape.Parse(statement.Text, SqlDialect.Postgres);
        var verb = shape.Verb;
        if (shape.Kind is not (StatementKind.Update or StatementKind.Insert or StatementKind.Delete))
            throw new InvalidFileException(path, statement.Line, $"a backfill statement must be an UPDATE, INSERT … SELECT or DELETE, not {verb ?? "empty"}",
                "move other statements into an up step");
        var placeholders = Placeholders(statement.Text, dialect);
        if (placeholders.Count == 0)
            throw Placeholder().IsMatch(statement.Text)
                ? new InvalidFileException(path, LineOf(statement, dialect, Placeholder().Match(statement.Text).Index),
                    $"the backfill statement's {{batch}} placeholder is inside a string or comment, where it is not replaced",
                    "write AND {batch} in its WHERE clause itself: each batch replaces it with its key range")
                : new InvalidFileException(path, statement.Line, $"the backfill statement has no {{batch}} placeholder",
                    "add AND {batch} to its WHERE clause: each batch replaces it with its key range");
        if (placeholders.Count > 1)
            throw new InvalidFileException(path, LineOf(statement, dialect, placeholders[1].Index),
                $"the backfill statement has {placeholders.Count} {{batch}} placeholders; it takes exactly one",
                "keep the one in the WHERE clause that filters the directive's table: each batch replaces it with its key range");
    }

    /// <summary>
    /// The statement with its placeholder replaced by <paramref name="range"/>'s predicate. Only a placeholder in
    /// the SQL itself is replaced; the text <c>{batch}</c> inside a string literal, quoted identifier or comment is
    /// left as written (<see cref="Check"/> has made sure there is exactly one outside them).
    /// </summary>
    public static string Substitute(string statement, SqlDialect dialect, Func<string?, string> range)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(range);
        var text = new StringBuilder(statement.Length);
        var at = 0;
        foreach (var match in Placeholders(statement, dialect))
        {
            text.Append(statement, at, match.Index - at).Append(range(match.Groups["alias"].Success ? match.Groups["alias"].Value : null));
            at = match.Index + match.Length;
        }
        return text.Append(statement, at, statement.Length - at).ToString();
    }

    /// <summary>The placeholders in the SQL itself, found with the lexer: not inside a literal, quoted identifier or comment.</summary>
    private static List<Match> Placeholders(string statement, SqlDialect dialect)
    {
        var hidden = SqlLexer.Tokenize(statement, dialect)
            .Where(t => t.Kind is SqlTokenKind.String or SqlTokenKind.QuotedIdentifier or SqlTokenKind.Comment)
            .Select(t => (t.Start, End: t.Start + t.Text.Length))
            .ToList();
        return Placeholder().Matches(statement).Where(m => !hidden.Any(h => m.Index >= h.Start && m.Index < h.End)).ToList();
    }

    /// <summary>
    /// The file line of <paramref name="index"/> in the statement's text. The text may start with comments on lines
    /// above the statement's line, which is that of its first significant token, so lines count from that token.
    /// </summary>
    private static int LineOf(SqlStatement statement, SqlDialect dialect, int index)
    {
        var first = SqlLexer.Tokenize(statement.Text, dialect).FirstOrDefault(t => t.IsSignificant).Start;
        var text = statement.Text.AsSpan();
        return statement.Line + text[..index].Count('\n') - text[..first].Count('\n');
    }
}
