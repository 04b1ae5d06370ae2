using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>What one statement asks of the existing rows: the constraints it adds, and the NOT VALID constraints it validates.</summary>
internal sealed record StatementConstraints(IReadOnlyList<PendingConstraint> Added, IReadOnlyList<(string Table, string Constraint)> Validated)
{
    public static readonly StatementConstraints None = new([], []);

    /// <summary>Reads the statement; <paramref name="changes"/> supplies the definitions of tables created earlier.</summary>
    public static StatementConstraints Read(LintStatement s, SqlSemantics engine, PendingChanges changes)
    {
        if (s.StartsWith("ALTER", "TABLE"))
            return AlterTableConstraints.Read(s, engine);
        if (s.StartsWith("CREATE", "UNIQUE", "INDEX"))
            return UniqueIndexConstraint.Read(s) is { } unique ? new([unique], []) : None;
        if (s[0] is "INSERT" or "REPLACE" or "WITH")
            return new(InsertSelectConstraints.Read(s, engine, changes), []);
        return None;
    }
}
