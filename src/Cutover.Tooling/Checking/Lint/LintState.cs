namespace Cutover.Checking.Lint;

/// <summary>
/// What the migrations read so far establish, for rules that depend on earlier statements: within the
/// migration (tables it created are new and empty, so locking rules do not apply to them), within the step
/// (one transaction), and across the folder (a validated IS NOT NULL check, the columns of an index).
/// </summary>
public sealed class LintState
{
    private static readonly StringComparer Names = StringComparer.Ordinal;

    // Across the folder.
    /// <summary>Columns (<c>table.column</c>) a validated CHECK (… IS NOT NULL) or SET NOT NULL has proven to hold no NULL.</summary>
    public HashSet<string> ProvenNotNull { get; } = new(Names);
    /// <summary>CHECK constraints of the form (c IS NOT NULL) by name, with the column (<c>table.column</c>) they would prove once validated.</summary>
    public Dictionary<string, string> NotNullChecks { get; } = new(Names);
    /// <summary>Every index created so far (and not dropped): its table, its key columns, and every name in its keys and predicate.</summary>
    public Dictionary<string, (string Table, List<string> Keys, List<string> Mentioned)> Indexes { get; } = new(Names);
    /// <summary>SQLite: columns a table definition ties down (key, unique, check, table-level foreign key, generated expression).</summary>
    public HashSet<string> ConstrainedColumns { get; } = new(Names);

    /// <summary>SQLite: whether DROP COLUMN would be refused for the column (its table's constraints, or a live index).</summary>
    public bool IsTiedDown(string table, string column) =>
        ConstrainedColumns.Contains(Column(table, column)) || Indexes.Values.Any(i => i.Table == table && i.Mentioned.Contains(column));

    // Within the migration.
    /// <summary>Tables this migration created (or renamed from one it created): new and empty, so locking rules do not apply.</summary>
    public HashSet<string> CreatedTables { get; } = new(Names);
    /// <summary>Indexes this migration created, with their tables.</summary>
    public Dictionary<string, string> CreatedIndexes { get; } = new(Names);
    /// <summary>What the up steps of this migration created (kind, name, table, line), for the down-step completeness rule.</summary>
    public List<(string Kind, string Name, string? Table, int Line)> UpCreated { get; } = [];
    /// <summary>What the down steps of this migration drop (names, and <c>table.column</c> for columns).</summary>
    public HashSet<string> DownDropped { get; } = new(Names);

    // Within the step.
    /// <summary>Constraints added NOT VALID in the current step (one transaction).</summary>
    public HashSet<string> NotValidInStep { get; } = new(Names);
    /// <summary>Enum values added in the current step, with the line that added each.</summary>
    public Dictionary<string, int> EnumValuesInStep { get; } = new(Names);

    /// <summary>Forgets what only held within the previous migration.</summary>
    public void StartMigration()
    {
        CreatedTables.Clear();
        CreatedIndexes.Clear();
        UpCreated.Clear();
        DownDropped.Clear();
    }

    /// <summary>Forgets what only held within the previous step.</summary>
    public void StartStep()
    {
        NotValidInStep.Clear();
        EnumValuesInStep.Clear();
    }

    /// <summary>Whether this migration created <paramref name="table"/>.</summary>
    public bool IsNew(string table) => CreatedTables.Contains(table);

    /// <summary>The key a column is recorded under: <c>table.column</c>.</summary>
    public static string Column(string table, string column) => $"{table}.{column}";
}
