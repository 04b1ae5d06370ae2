namespace Cutover.Schema;

/// <summary>The kinds of difference <see cref="SchemaDiff"/> reports.</summary>
public enum SchemaChangeKind
{
    /// <summary>A table exists only on the right.</summary>
    TableAdded,
    /// <summary>A table exists only on the left.</summary>
    TableDropped,
    /// <summary>A column was added.</summary>
    ColumnAdded,
    /// <summary>A column was dropped.</summary>
    ColumnDropped,
    /// <summary>A column's type changed.</summary>
    ColumnRetyped,
    /// <summary>A column became nullable or not null.</summary>
    ColumnNullabilityChanged,
    /// <summary>A column's default changed.</summary>
    ColumnDefaultChanged,
    /// <summary>A column's identity, generation expression or collation changed.</summary>
    ColumnChanged,
    /// <summary>Columns kept their names but moved.</summary>
    ColumnsReordered,
    /// <summary>The primary key was added, dropped or changed.</summary>
    PrimaryKeyChanged,
    /// <summary>A foreign key was added.</summary>
    ForeignKeyAdded,
    /// <summary>A foreign key was dropped.</summary>
    ForeignKeyDropped,
    /// <summary>A unique constraint was added.</summary>
    UniqueAdded,
    /// <summary>A unique constraint was dropped.</summary>
    UniqueDropped,
    /// <summary>A check constraint was added.</summary>
    CheckAdded,
    /// <summary>A check constraint was dropped.</summary>
    CheckDropped,
    /// <summary>An index was added.</summary>
    IndexAdded,
    /// <summary>An index was dropped.</summary>
    IndexDropped,
    /// <summary>An index kept its name but changed its definition.</summary>
    IndexChanged,
    /// <summary>A table's partition key, or its place as a partition, changed (PostgreSQL).</summary>
    PartitioningChanged,
    /// <summary>A comment was added, changed or removed.</summary>
    CommentChanged,
    /// <summary>A view, sequence, enum, domain, function or trigger was added.</summary>
    ObjectAdded,
    /// <summary>A view, sequence, enum, domain, function or trigger was dropped.</summary>
    ObjectDropped,
    /// <summary>A view, sequence, enum, domain, function or trigger changed.</summary>
    ObjectChanged,
}

/// <summary>One difference between two schemas.</summary>
/// <param name="Kind">What kind of difference.</param>
/// <param name="Object">The object concerned, e.g. <c>"public"."users"."email"</c> or <c>view "public"."admins"</c>.</param>
/// <param name="Detail">What changed, for people: <c>text -&gt; character varying(40)</c>.</param>
public sealed record SchemaChange(SchemaChangeKind Kind, string Object, string Detail);
