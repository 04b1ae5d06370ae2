namespace Cutover;

/// <summary>
/// The history does not allow the operation: a migration failed or is unfinished, an applied file changed or is
/// gone, a pending one is older than the newest applied, a rollback is impossible. <see cref="Conflict"/> says which.
/// </summary>
public sealed class MigrationStateException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public MigrationStateException(string migrationId, MigrationConflict conflict, string message, string? remedy = null)
        : base(message, remedy, null)
    {
        MigrationId = migrationId;
        Conflict = conflict;
    }

    /// <summary>The migration in the way.</summary>
    public string MigrationId { get; }

    /// <summary>What is in the way.</summary>
    public MigrationConflict Conflict { get; }
}
