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
    public Dictionary<string, List<string>> IndexColumns { get; } = new(Names);
    /// <summary>SQLite: columns DROP COLUMN refuses (key, unique, indexed, in a check, foreign key or generated expression).</summary>
    public HashSet<string> ConstrainedColumns { get; } = new(Names);

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
