namespace Cutover.Checking.Lint;

/// <summary>
/// What the migrations read so far establish, for rules that depend on earlier statements: within the
/// migration (tables it created are new and empty, so locking rules do not apply to them), within the step
/// (one transaction), and across the folder (a validated IS NOT NULL check, the columns of an index).
/// </summary>
internal sealed class LintState
{
    private static readonly StringComparer Names = StringComparer.Ordinal;

    // Across the folder.
    public HashSet<string> ProvenNotNull { get; } = new(Names);
    public Dictionary<string, string> NotNullChecks { get; } = new(Names);
    /// <summary>Every index created so far (and not dropped): its table, its key columns, and every name in its keys and predicate.</summary>
    public Dictionary<string, (string Table, List<string> Keys, List<string> Mentioned)> Indexes { get; } = new(Names);
    /// <summary>SQLite: columns a table definition ties down (key, unique, check, table-level foreign key, generated expression).</summary>
    public HashSet<string> ConstrainedColumns { get; } = new(Names);

    /// <summary>SQLite: whether DROP COLUMN would be refused for the column (its table's constraints, or a live index).</summary>
    public bool IsTiedDown(string table, string column) =>
        ConstrainedColumns.Contains(Column(table, column)) || Indexes.Values.Any(i => i.Table == table && i.Mentioned.Contains(column));

    // Within the migration.
    public HashSet<string> CreatedTables { get; } = new(Names);
    public Dictionary<string, string> CreatedIndexes { get; } = new(Names);
    public List<(string Kind, string Name, string? Table, int Line)> UpCreated { get; } = [];
    public HashSet<string> DownDropped { get; } = new(Names);

    // Within the step.
    public HashSet<string> NotValidInStep { get; } = new(Names);
    public Dictionary<string, int> EnumValuesInStep { get; } = new(Names);

    public void StartMigration()
    {
        CreatedTables.Clear();
        CreatedIndexes.Clear();
        UpCreated.Clear();
        DownDropped.Clear();
    }

    public void StartStep()
    {
        NotValidInStep.Clear();
        EnumValuesInStep.Clear();
    }

    public bool IsNew(string table) => CreatedTables.Contains(table);

    public static string Column(string table, string column) => $"{table}.{column}";
}
