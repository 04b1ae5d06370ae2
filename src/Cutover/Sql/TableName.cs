using Cutover.Schema;

namespace Cutover.Sql;

/// <summary>A table as a statement names it, each part folded as the engine folds it.</summary>
/// <param name="Schema">The schema it is qualified with; null when unqualified.</param>
/// <param name="Name">The table's own name.</param>
public sealed record TableName(string? Schema, string Name)
{
    /// <summary>The last two parts of a qualified name: a database or catalog before the schema is not kept.</summary>
    internal static TableName From(IReadOnlyList<string> parts) =>
        parts.Count >= 2 ? new TableName(parts[^2], parts[^1]) : new TableName(null, parts[0]);

    /// <summary>The name quoted for a query; quoting the folded parts means exactly what the migration meant.</summary>
    public string Sql => Schema is null ? SchemaText.Quote(Name) : $"{SchemaText.Quote(Schema)}.{SchemaText.Quote(Name)}";

    /// <summary>The name as <c>schema.table</c> or <c>table</c>, for messages.</summary>
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
