namespace Cutover.Checking.Lint;

/// <summary>A column as written in CREATE TABLE or ADD COLUMN: enough of it for the lint rules.</summary>
internal sealed record ColumnDefinition(
    string Name, int Line, string Type, bool NotNull, bool PrimaryKey, bool Unique, bool References, bool Check,
    string? Default, bool DefaultIsConstant, string? DefaultFunction, bool Generated, bool GeneratedStored)
{
    private static readonly HashSet<string> ConstraintWords =
        ["CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "AS"];

    /// <summary>Words that start a table constraint instead of a column in CREATE TABLE or after ADD.</summary>
    public static readonly HashSet<string> TableConstraintWords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE", "LIKE"];

    /// <summary>Reads the column whose name is at <paramref name="start"/>, up to <paramref name="end"/>.</summary>
    public static ColumnDefinition Parse(LintStatement s, int start, int end)
    {
        var i = start;
        var name = s.ReadName(ref i);
        var typeStart = i;
        var depth = 0;
        while (i < end && (depth > 0 || !ConstraintWords.Contains(s[i])))
        {
            depth += s[i] == "(" ? 1 : s[i] == ")" ? -1 : 0;
            i++;
        }
        var type = string.Join(' ', Enumerable.Range(typeStart, i - typeStart).Select(k => s.Token(k).Text)).ToLowerInvariant()
            .Replace(" (", "(", StringComparison.Ordinal).Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal);

        string? defaultText = null;
        var constant = true;
        string? function = null;
        var d = s.Find("DEFAULT", i, end);
        if (d >= 0)
        {
            var e = d + 1;
            var dd = 0;
            while (e < end && (dd > 0 || e == d + 1 || !ConstraintWords.Contains(s[e])))
            {
                dd += s[e] == "(" ? 1 : s[e] == ")" ? -1 : 0;
                if (s[e + 1] == "(" && s.Token(e).Kind == Sql.SqlTokenKind.Word && function is null)
                    function = s.NameAt(e);
                e++;
            }
            defaultText = s.TextOf(d + 1, e);
            // CURRENT_TIMESTAMP and friends are functions without parentheses; a parenthesised expression
            // is an expression (SQLite refuses both on ADD COLUMN; PostgreSQL evaluates stable ones once).
            constant = function is null && !Enumerable.Range(d + 1, e - d - 1).Any(k => s[k] is "CURRENT_TIMESTAMP" or "CURRENT_TIME" or "CURRENT_DATE" or "LOCALTIMESTAMP" or "(");
        }

        var generated = s.Has("GENERATED", i, end) && s.Has("AS", i, end) && !s.HasSequence(i, end, "AS", "IDENTITY") || s.Is(i, "AS") && s[i + 1] == "(";
        return new ColumnDefinition(name, s.LineAt(start), type,
            NotNull: s.HasSequence(i, end, "NOT", "NULL") || s.HasSequence(i, end, "PRIMARY", "KEY"),
            PrimaryKey: s.HasSequence(i, end, "PRIMARY", "KEY"),
            Unique: s.Has("UNIQUE", i, end),
            References: s.Has("REFERENCES", i, end),
            Check: s.Has("CHECK", i, end),
            defaultText, constant, function, generated,
            GeneratedStored: generated && s.Has("STORED", i, end));
    }

    /// <summary>Whether the type is a 32-bit or smaller integer (or its serial).</summary>
    public bool IsSmallInteger => Type is "int" or "integer" or "int4" or "smallint" or "int2" or "serial" or "serial4" or "smallserial" or "serial2";
}
