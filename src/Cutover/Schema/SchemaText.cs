using System.Security.Cryptography;
using System.Text;

namespace Cutover.Schema;

/// <summary>
/// The canonical text of a <see cref="SchemaModel"/>: SQL-like, deterministic (objects sorted by schema
/// and name with ordinal comparison, identifiers always quoted, one line per column or constraint,
/// LF line endings), so the same schema gives the same text on every machine. Its SHA-256 is the
/// schema's fingerprint.
/// </summary>
public static class SchemaText
{
    /// <summary>Renders the model.</summary>
    public static string Render(SchemaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringBuilder();
        foreach (var e in Sorted(model.Enums, e => [e.Schema, e.Name]))
            text.Append($"CREATE TYPE {Name(e.Schema, e.Name)} AS ENUM ({string.Join(", ", e.Values.Select(Literal))});\n\n");
        foreach (var d in Sorted(model.Domains, d => [d.Schema, d.Name]))
        {
            text.Append($"CREATE DOMAIN {Name(d.Schema, d.Name)} AS {d.Type}");
            if (d.Default is not null)
                text.Append($" DEFAULT {d.Default}");
            if (d.NotNull)
                text.Append(" NOT NULL");
            foreach (var c in Sorted(d.Checks, c => [c.Name ?? "", c.Expression]))
                text.Append($" {Constraint(c.Name)}CHECK {Parenthesised(Normalise(c.Expression))}");
            text.Append(";\n\n");
        }
        foreach (var s in Sorted(model.Sequences, s => [s.Schema, s.Name]))
            text.Append($"CREATE SEQUENCE {Name(s.Schema, s.Name)} AS {s.Type} START {s.Start} INCREMENT {s.Increment};\n\n");
        foreach (var t in Sorted(model.Tables, t => [t.Schema, t.Name]))
            RenderTable(text, t);
        // A partition is written as a table of its own, attached once every table exists; attaching adopts
        // its matching keys and indexes as the partitions of the parent's.
        foreach (var t in Sorted(model.Tables, t => [t.Schema, t.Name]).Where(t => t.PartitionOf is not null))
            text.Append($"ALTER TABLE {Name(t.PartitionOf!.Schema, t.PartitionOf.Parent)} ATTACH PARTITION {Name(t.Schema, t.Name)} {t.PartitionOf.Bound};\n");
        if (model.Tables.Any(t => t.PartitionOf is not null))
            text.Append('\n');
        // PostgreSQL needs a referenced table to exist, so foreign keys follow all tables there; SQLite (no
        // schema) cannot add them later and does not need to, so they stay inside its CREATE TABLE.
        foreach (var t in Sorted(model.Tables, t => [t.Schema, t.Name]).Where(t => t.Schema.Length > 0))
        {
            foreach (var fk in Sorted(t.ForeignKeys, f => [f.Name ?? "", .. f.Columns]))
                text.Append($"ALTER TABLE {Name(t.Schema, t.Name)} ADD {ForeignKey(fk)};\n");
        }
        if (model.Tables.Any(t => t.Schema.Length > 0 && t.ForeignKeys.Count > 0))
            text.Append('\n');
        // A serial column's default needs its sequence, and OWNED BY needs the table: ownership comes last.
        foreach (var s in Sorted(model.Sequences, s => [s.Schema, s.Name]).Where(s => s.OwnedBy is not null))
            text.Append($"ALTER SEQUENCE {Name(s.Schema, s.Name)} OWNED BY {s.OwnedBy};\n\n");
        foreach (var v in Sorted(model.Views, v => [v.Schema, v.Name]))
            text.Append($"CREATE {(v.Materialized ? "MATERIALIZED " : "")}VIEW {Name(v.Schema, v.Name)} AS\n{Normalise(v.Definition).TrimEnd(';')};\n\n");
        foreach (var f in Sorted(model.Functions, f => [f.Schema, f.Signature]))
            text.Append($"-- function {Quote(f.Schema)}.{f.Signature} RETURNS {f.Returns} LANGUAGE {f.Language} body {f.BodyHash}\n\n");
        foreach (var tr in Sorted(model.Triggers, t => [t.Schema, t.Table, t.Name]))
            text.Append($"{Normalise(tr.Definition).TrimEnd(';')};\n\n");
        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The schema fingerprint: lower-case hex SHA-256 of <see cref="Render"/>.</summary>
    public static string Fingerprint(SchemaModel model) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Render(model))));

    private static void RenderTable(StringBuilder text, TableModel t)
    {
        var lines = new List<string>();
        foreach (var c in t.Columns)
        {
            var line = new StringBuilder($"  {Quote(c.Name)} {c.Type}");
            if (c.Collation is not null)
                line.Append($" COLLATE {Quote(c.Collation)}");
            if (!c.Nullable)
                line.Append(" NOT NULL");
            if (c.Default is not null)
                line.Append($" DEFAULT {c.Default}");
            if (c.Identity is not null)
                line.Append($" GENERATED {c.Identity.ToUpperInvariant()} AS IDENTITY");
            if (c.Generated is not null)
            {
                var isVirtual = c.Generated.EndsWith(" VIRTUAL", StringComparison.Ordinal);
                line.Append($" GENERATED ALWAYS AS ({(isVirtual ? c.Generated[..^8] : c.Generated)}) {(isVirtual ? "VIRTUAL" : "STORED")}");
            }
            lines.Add(line.ToString());
        }
        if (t.PrimaryKey is { } pk)
            lines.Add($"  {Constraint(pk.Name)}PRIMARY KEY {Key(pk)}");
        foreach (var u in Sorted(t.Uniques, u => [u.Name ?? "", .. u.Columns]))
            lines.Add($"  {Constraint(u.Name)}UNIQUE {Key(u)}");
        if (t.Schema.Length == 0)
        {
            foreach (var fk in Sorted(t.ForeignKeys, f => [f.Name ?? "", .. f.Columns]))
                lines.Add($"  {ForeignKey(fk)}");
        }
        // Exclusion constraints travel as checks whose expression is the EXCLUDE definition itself.
        foreach (var c in Sorted(t.Checks, c => [c.Name ?? "", c.Expression]))
        {
            lines.Add(c.Expression.StartsWith("EXCLUDE ", StringComparison.Ordinal)
                ? $"  {Constraint(c.Name)}{Normalise(c.Expression)}"
                : $"  {Constraint(c.Name)}CHECK {Parenthesised(Normalise(c.Expression))}");
        }
        text.Append($"CREATE TABLE {Name(t.Schema, t.Name)} (\n{string.Join(",\n", lines)}\n){(t.PartitionBy is null ? "" : $" PARTITION BY {t.PartitionBy}")};\n");
        foreach (var i in t.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal))
            text.Append(CreateIndex(t, i)).Append(";\n");
        if (t.Comment is not null)
            text.Append($"COMMENT ON TABLE {Name(t.Schema, t.Name)} IS {Literal(t.Comment)};\n");
        foreach (var c in t.Columns.Where(c => c.Comment is not null))
            text.Append($"COMMENT ON COLUMN {Name(t.Schema, t.Name)}.{Quote(c.Name)} IS {Literal(c.Comment!)};\n");
        text.Append('\n');
    }

    /// <summary>
    /// The statement that creates <paramref name="index"/> on <paramref name="table"/> as the model has it (no trailing
    /// semicolon); <paramref name="options"/> goes between <c>INDEX</c> and the name (<c>CONCURRENTLY IF NOT EXISTS </c>).
    /// </summary>
    public static string CreateIndex(TableModel table, IndexModel index, string options = "")
    {
        var text = new StringBuilder($"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {options}{Quote(index.Name)} ON {Name(table.Schema, table.Name)}");
        if (index.Method is not null)
            text.Append($" USING {index.Method}");
        text.Append($" ({string.Join(", ", index.Keys)}){Include(index.Include)}");
        if (index.NullsNotDistinct)
            text.Append(" NULLS NOT DISTINCT");
        if (index.Predicate is not null)
            text.Append($" WHERE {Normalise(index.Predicate)}");
        return text.ToString();
    }

    /// <summary>Ordinal order over a composite key (parts joined by NUL, which no name contains).</summary>
    private static IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, string[]> key) =>
        items.OrderBy(item => string.Join('\0', key(item)), StringComparer.Ordinal);

    /// <summary>Quotes an identifier the PostgreSQL way, which SQLite reads too.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Schema-qualified, except on SQLite (empty schema), whose REFERENCES and ON clauses refuse qualified names.</summary>
    internal static string Name(string schema, string name) => schema.Length == 0 ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";

    private static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    private static string ForeignKey(ForeignKeyModel fk) =>
        $"{Constraint(fk.Name)}FOREIGN KEY ({Columns(fk.Columns)}) REFERENCES {Name(fk.ReferencedSchema, fk.ReferencedTable)} ({Columns(fk.ReferencedColumns)})" +
        $" ON DELETE {fk.OnDelete.ToUpperInvariant()} ON UPDATE {fk.OnUpdate.ToUpperInvariant()}{Deferrable(fk.Deferrable)}";

    /// <summary>A key's clause after PRIMARY KEY or UNIQUE, in the order PostgreSQL's grammar wants.</summary>
    private static string Key(KeyModel key) =>
        $"{(key.NullsNotDistinct ? "NULLS NOT DISTINCT " : "")}({Columns(key.Columns)}){Include(key.Include)}{Deferrable(key.Deferrable)}";

    private static string Include(IReadOnlyList<string>? columns) => columns is { Count: > 0 } ? $" INCLUDE ({Columns(columns)})" : "";

    private static string Deferrable(string? deferrable) => deferrable is null ? "" : $" {deferrable}";

    private static string Constraint(string? name) => name is null ? "" : $"CONSTRAINT {Quote(name)} ";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Parenthesised(string expression) =>
        expression.StartsWith('(') && expression.EndsWith(')') ? expression : $"({expression})";

    /// <summary>Whitespace runs become one space and line endings LF, so formatting alone never changes the fingerprint.</summary>
    internal static string Normalise(string sql) =>
        string.Join(' ', sql.ReplaceLineEndings("\n").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
