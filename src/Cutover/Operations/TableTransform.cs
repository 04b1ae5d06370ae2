using Cutover.Schema;

namespace Cutover.Operations;

/// <summary>
/// What an operation does to one live table, reduced to what every engine renders the same way: the physical columns
/// expand adds, how they are computed from the old columns (up) and the old ones from the new (down), the shape the
/// new version sees, and what complete drops, renames and requires. Expressions are the user's SQL over column names:
/// up expressions over the old shape's names, down expressions over the new shape's names.
/// </summary>
/// <param name="MigrationId">The migration that declares the operation; names every object the operation creates.</param>
/// <param name="Operation">The declared operation.</param>
/// <param name="Table">The table as it is before expand.</param>
/// <param name="Key">The columns that identify a row (the primary key; empty on SQLite for the rowid).</param>
/// <param name="NewShape">The new version's columns in order: the name it sees and the physical column behind it.</param>
/// <param name="Added">Columns expand adds.</param>
/// <param name="Restored">Old columns recomputed when the new version writes (the old version's view of a changed value).</param>
/// <param name="Dropped">Old columns complete drops, after archiving them.</param>
/// <param name="Renames">Physical renames complete makes, in order.</param>
/// <param name="RequireNotNull">Columns (by their name after complete) complete makes NOT NULL.</param>
/// <param name="Fill">A column whose NULLs get a value (set-not-null with an up expression): existing rows by the backfill, new writes by the trigger.</param>
/// <param name="DropNotNull">Old NOT NULL columns the new version does not write: NULL allowed from expand (restored by abort).</param>
public sealed record TableTransform(
    string MigrationId,
    Operation Operation,
    TableModel Table,
    IReadOnlyList<string> Key,
    IReadOnlyList<ShapeColumn> NewShape,
    IReadOnlyList<AddedColumn> Added,
    IReadOnlyList<RestoredColumn> Restored,
    IReadOnlyList<string> Dropped,
    IReadOnlyList<(string From, string To)> Renames,
    IReadOnlyList<string> RequireNotNull,
    FilledColumn? Fill,
    IReadOnlyList<string> DropNotNull)
{
    /// <summary>
    /// Defaults complete gives columns by their final name: a retyped column keeps the old column's default, which it
    /// cannot have while both shapes live (the trigger tells the sides apart by which columns an insert left NULL).
    /// </summary>
    public IReadOnlyList<(string Column, string Default)> CompleteDefaults { get; init; } = [];

    /// <summary>Whether writes need a trigger to keep the two shapes in step.</summary>
    public bool NeedsTrigger => Added.Any(a => a.Up is not null) || Restored.Count > 0 || Fill is not null;

    /// <summary>Whether existing rows need a backfill.</summary>
    public bool NeedsBackfill => Added.Any(a => a.Up is not null) || Fill is not null;

    /// <summary>Whether the new version sees the table differently from the old one (names, hidden or added columns).</summary>
    public bool ChangesShape => NewShape.Count != Table.Columns.Count || NewShape.Select(c => (c.Name, c.Physical)).Zip(Table.Columns).Any(p => p.First.Name != p.Second.Name || p.First.Physical != p.Second.Name);

    /// <summary>
    /// The columns complete archives before it drops anything: the key, the dropped columns, and the derived new columns
    /// as they were at complete (named <c>cutover_new_&lt;final name&gt;</c>), so that undoing the complete can tell the rows
    /// the new version changed since (their old values come from the down expressions) from the rest (their old values
    /// come back exactly from the archive, even where the down expression would not give them back).
    /// </summary>
    public IEnumerable<(string Source, string Name)> ArchivedColumns =>
        Key.Select(k => (k, k)).Concat(Dropped.Select(d => (d, d))).Concat(Added.Where(a => a.Up is not null).Select(a => (a.Physical, "cutover_new_" + a.Final)));

    /// <summary>A name for the objects of this operation (trigger, function, constraint), unique per migration and table.</summary>
    public string ObjectName(string suffix) => $"cutover_{MigrationId}_{Table.Name}_{suffix}";
}

/// <summary>A column of the new version's shape.</summary>
/// <param name="Name">The name the new version sees.</param>
/// <param name="Physical">The table's column behind it.</param>
public sealed record ShapeColumn(string Name, string Physical);

/// <summary>A column expand adds to the table.</summary>
/// <param name="Physical">Its name while both shapes live (a temporary name when the final one is taken).</param>
/// <param name="Final">Its name after complete.</param>
/// <param name="Type">Its type.</param>
/// <param name="Up">How its value is computed from the old columns; null when the new version alone writes it.</param>
/// <param name="Default">Its default, when declared.</param>
public sealed record AddedColumn(string Physical, string Final, string Type, string? Up, string? Default);

/// <summary>A column whose NULLs are replaced by <paramref name="Up"/> (set-not-null).</summary>
/// <param name="Column">The column.</param>
/// <param name="Up">The value for a NULL, over the row's columns.</param>
public sealed record FilledColumn(string Column, string Up);
