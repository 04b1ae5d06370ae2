using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// A column as written in CREATE TABLE or ADD COLUMN, with the constraints the audit checks. Reuses the linter's
/// <see cref="ColumnDefinition"/> for the name, type, default and generation, and reads the constraints itself
/// because it needs their contents (the CHECK expression, the REFERENCES target) and an explicit NOT NULL apart
/// from the one a PRIMARY KEY implies (SQLite lets most primary keys hold NULL).
/// </summary>
internal sealed record ColumnSpec(
    string Name, string Type, bool ExplicitNotNull, bool PrimaryKey, bool Unique,
    IReadOnlyList<string> Checks, ForeignKeyTarget? Reference, bool HasDefault, bool GeneratesValue)
{
    private static readonly string[] SerialTypes = ["serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"];

    /// <summary>Reads the column whose name is at <paramref name="start"/>, up to <paramref name="end"/>.</summary>
    public static ColumnSpec Read(LintStatement s, int start, int end)
    {
        var definition = ColumnDefinition.Parse(s, start, end);
        var i = start;
        s.ReadName(ref i);
        bool notNull = false, primaryKey = false, unique = false, generates = SerialTypes.Contains(definition.Type);
        var checks = new List<string>();
        ForeignKeyTarget? reference = null;
        while (i < end)
        {
            if (s[i] == "(")
            {
                // The type's arguments (varchar(20)) or a DEFAULT expression: nothing to read inside.
                i = s.SkipGroup(i);
                continue;
            }
            if (s.Is(i, "NOT", "NULL"))
                notNull = true;
            else if (s.Is(i, "PRIMARY", "KEY"))
                primaryKey = true;
            else if (s[i] == "UNIQUE")
                unique = true;
            else if (s[i] == "CHECK" && s[i + 1] == "(")
            {
                var close = s.SkipGroup(i + 1);
                checks.Add(s.SourceOf(i + 2, close - 1));
                i = close;
                continue;
            }
            else if (s[i] == "REFERENCES" && s.Token(i).Kind == SqlTokenKind.Word)
            {
                reference = ForeignKeyTarget.Read(s, ref i);
                continue;
            }
            else if (s[i] is "IDENTITY" or "AUTOINCREMENT" || definition.Generated)
                generates = true;
            i++;
        }
        var hasDefault = definition.Default is { } value && !value.Equals("NULL", StringComparison.OrdinalIgnoreCase);
        return new ColumnSpec(definition.Name, definition.Type, notNull, primaryKey, unique, checks, reference, hasDefault, generates);
    }
}
