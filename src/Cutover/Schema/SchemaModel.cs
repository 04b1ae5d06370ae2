namespace Cutover.Schema;

/// <summary>
/// A provider-neutral description of a database schema: what is dumped, diffed and
/// draws. Cutover's own tables are never part of it. Lists are kept in a canonical order (see
/// <see cref="SchemaText"/>), so two models of the same schema are equal record by record.
/// </summary>
/// <param name="Tables">Tables with their columns, keys, constraints and indexes.</param>
/// <param name="Views">Views and materialized views.</param>
/// <param name="Sequences">Sequences that are not owned by an identity column.</param>
/// <param name="Enums">PostgreSQL enum types.</param>
/// <param name="Domains">PostgreSQL domains.</param>
/// <param name="Functions">PostgreSQL functions and procedures (signature plus a hash of the body).</param>
/// <param name="Triggers">Triggers on tables.</param>
public sealed record SchemaModel(
    IReadOnlyList<TableModel> Tables,
    IReadOnlyList<ViewModel> Views,
    IReadOnlyList<SequenceModel> Sequences,
    IReadOnlyList<EnumModel> Enums,
    IReadOnlyList<DomainModel> Domains,
    IReadOnlyList<FunctionModel> Functions,
    IReadOnlyList<TriggerModel> Triggers);

/// <summary>A table.</summary>
/// <param name="Schema">Its schema; empty on SQLite, which has one.</param>
/// <param name="Name">Its name, exactly as stored (case and non-ASCII kept).</param>
/// <param name="Columns">Columns in their ordinal order (which is part of the schema).</param>
/// <param name="PrimaryKey">The primary key, when there is one.</param>
/// <param name="ForeignKeys">Foreign keys, by name then columns.</param>
/// <param name="Uniques">Unique constraints (not unique indexes), by name then columns.</param>
/// <param name="Checks">Check constraints, by name then expression.</param>
/// <param name="Indexes">Indexes that do not back a primary key or unique constraint, by name.</param>
/// <param name="Comment">The table's comment (PostgreSQL).</param>
/// <param name="PartitionBy">A partitioned table's partition key, e.g. <c>RANGE (created_at)</c> (PostgreSQL).</param>
/// <param name="PartitionOf">The parent and bound when the table is a partition (PostgreSQL).</param>
public sealed record TableModel(
    string Schema,
    string Name,
    IReadOnlyList<ColumnModel> Columns,
    KeyModel? PrimaryKey,
    IReadOnlyList<ForeignKeyModel> ForeignKeys,
    IReadOnlyList<KeyModel> Uniques,
    IReadOnlyList<CheckModel> Checks,
    IReadOnlyList<IndexModel> Indexes,
    string? Comment,
    string? PartitionBy = null,
    PartitionModel? PartitionOf = null);

/// <summary>A column.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its type, normalised (lower case, canonical names such as <c>integer</c>, <c>character varying(20)</c>).</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="Default">The default expression, as the database prints it.</param>
/// <param name="Identity">For identity columns: <c>always</c> or <c>by default</c>.</param>
/// <param name="Generated">For generated columns: the expression; for a SQLite VIRTUAL generated column, the expression followed by <c> VIRTUAL</c>.</param>
/// <param name="Collation">A collation other than the default.</param>
/// <param name="Comment">The column's comment (PostgreSQL).</param>
public sealed record ColumnModel(string Name, string Type, bool Nullable, string? Default, string? Identity, string? Generated, string? Collation, string? Comment);

/// <summary>A primary key or unique constraint.</summary>
/// <param name="Name">The constraint's name; null where the database does not name it (SQLite).</param>
/// <param name="Columns">Its columns, in key order.</param>
/// <param name="Include">Non-key columns stored in its index (PostgreSQL <c>INCLUDE</c>).</param>
/// <param name="Deferrable"><c>DEFERRABLE</c> or <c>DEFERRABLE INITIALLY DEFERRED</c>; null when checked immediately.</param>
/// <param name="NullsNotDistinct">Whether NULLs count as equal (PostgreSQL 15 <c>NULLS NOT DISTINCT</c>).</param>
public sealed record KeyModel(string? Name, IReadOnlyList<string> Columns, IReadOnlyList<string>? Include = null, string? Deferrable = null, bool NullsNotDistinct = false);

/// <summary>Where a partition sits (PostgreSQL).</summary>
/// <param name="Schema">The partitioned parent's schema.</param>
/// <param name="Parent">The partitioned parent.</param>
/// <param name="Bound">The partition bound, e.g. <c>FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')</c> or <c>DEFAULT</c>.</param>
public sealed record PartitionModel(string Schema, string Parent, string Bound);

/// <summary>A foreign key.</summary>
/// <param name="Name">The constraint's name; null where unnamed (SQLite).</param>
/// <param name="Columns">The referencing columns.</param>
/// <param name="ReferencedSchema">The referenced table's schema.</param>
/// <param name="ReferencedTable">The referenced table.</param>
/// <param name="ReferencedColumns">The referenced columns.</param>
/// <param name="OnDelete">The ON DELETE action: <c>no action</c>, <c>restrict</c>, <c>cascade</c>, <c>set null</c>, <c>set default</c>.</param>
/// <param name="OnUpdate">The ON UPDATE action.</param>
/// <param name="Deferrable"><c>DEFERRABLE</c> or <c>DEFERRABLE INITIALLY DEFERRED</c>; null when checked immediately.</param>
public sealed record ForeignKeyModel(
    string? Name, IReadOnlyList<string> Columns, string ReferencedSchema, string ReferencedTable, IReadOnlyList<string> ReferencedColumns,
    string OnDelete, string OnUpdate, string? Deferrable = null);

/// <summary>A check constraint.</summary>
/// <param name="Name">Its name; null where unnamed.</param>
/// <param name="Expression">The condition.</param>
public sealed record CheckModel(string? Name, string Expression);

/// <summary>An index.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Unique">Whether it is unique.</param>
/// <param name="Keys">Its key columns or expressions, in order (with ordering options where not default).</param>
/// <param name="Predicate">The WHERE of a partial index.</param>
/// <param name="Method">The access method where not the default (<c>gin</c>, <c>gist</c>, <c>hash</c> …).</param>
/// <param name="Include">Non-key columns stored in the index (PostgreSQL <c>INCLUDE</c>).</param>
/// <param name="NullsNotDistinct">Whether a unique index treats NULLs as equal (PostgreSQL 15).</param>
public sealed record IndexModel(string Name, bool Unique, IReadOnlyList<string> Keys, string? Predicate, string? Method, IReadOnlyList<string>? Include = null, bool NullsNotDistinct = false)
{
    /// <summary>Whether a key, an included column or the predicate names <paramref name="column"/> (as a whole word, any case): dropping the column drops or breaks the index.</summary>
    public bool Uses(string column)
    {
        var word = new System.Text.RegularExpressions.Regex($@"(?<![\w$]){System.Text.RegularExpressions.Regex.Escape(column)}(?![\w$])", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return Keys.Concat(Include ?? []).Append(Predicate ?? "").Any(word.IsMatch);
    }
}

/// <summary>A view.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="Definition">Its query, as the database prints it.</param>
/// <param name="Materialized">Whether it is a materialized view.</param>
public sealed record ViewModel(string Schema, string Name, string Definition, bool Materialized);

/// <summary>A sequence.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its data type.</param>
/// <param name="Start">Start value.</param>
/// <param name="Increment">Increment.</param>
/// <param name="OwnedBy">The column that owns it (serial), as <c>table.column</c> with identifiers quoted where needed.</param>
public sealed record SequenceModel(string Schema, string Name, string Type, long Start, long Increment, string? OwnedBy);

/// <summary>A PostgreSQL enum type.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="Values">Its labels, in sort order (which is part of the type).</param>
public sealed record EnumModel(string Schema, string Name, IReadOnlyList<string> Values);

/// <summary>A PostgreSQL domain.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">The base type.</param>
/// <param name="NotNull">Whether NOT NULL.</param>
/// <param name="Default">Its default.</param>
/// <param name="Checks">Its check constraints.</param>
public sealed record DomainModel(string Schema, string Name, string Type, bool NotNull, string? Default, IReadOnlyList<CheckModel> Checks);

/// <summary>A PostgreSQL function or procedure.</summary>
/// <param name="Schema">Its schema.</param>
/// <param name="Signature">Name and argument types, e.g. <c>touch(integer, text)</c>.</param>
/// <param name="Returns">The result type (<c>void</c>, <c>trigger</c>; empty for a procedure).</param>
/// <param name="Language">Its language.</param>
/// <param name="BodyHash">SHA-256 of the body (hex, first 16 characters): a change is visible without the text.</param>
public sealed record FunctionModel(string Schema, string Signature, string Returns, string Language, string BodyHash);

/// <summary>A trigger.</summary>
/// <param name="Schema">The table's schema.</param>
/// <param name="Table">The table.</param>
/// <param name="Name">The trigger's name.</param>
/// <param name="Definition">The full definition as the database prints it.</param>
public sealed record TriggerModel(string Schema, string Table, string Name, string Definition);
