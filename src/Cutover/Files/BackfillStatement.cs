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
    public static void Check(string path, Directive directive, IReadOnlyList<SqlStatement> statements)
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
        if (!Placeholder().IsMatch(statement.Text))
            throw new InvalidFileException(path, statement.Line, $"the backfill statement has no {{batch}} placeholder",
                "add AND {batch} to its WHERE clause: each batch replaces it with its key range");
    }

    /// <summary>The statement with every placeholder replaced by <paramref name="range"/>'s predicate.</summary>
    public static string Substitute(string statement, Func<string?, string> range) =>
        Placeholder().Replace(statement, m => range(m.Groups["alias"].Success ? m.Groups["alias"].Value : null));
}
