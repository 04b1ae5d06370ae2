namespace Cutover;

/// <summary>
/// A statement of a migration failed on the database. The failure is recorded in the history; what ran of the step
/// depends on <see cref="StepIsTransactional"/>: nothing when it is, the statements before <see cref="Statement"/>
/// when it is not — and a rerun resumes from there once the failure is cleared.
/// </summary>
public sealed class MigrationFailedException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public MigrationFailedException(
        string migrationId, string path, int line, string operation, int step, int statement, bool stepIsTransactional, string databaseError, Exception? inner = null)
        : base($"{path}:{line}: {databaseError}", null, inner)
    {
        MigrationId = migrationId;
        Path = path;
        Line = line;
        Operation = operation;
        Step = step;
        Statement = statement;
        StepIsTransactional = stepIsTransactional;
        DatabaseError = databaseError;
    }

    /// <summary>The migration's id.</summary>
    public string MigrationId { get; }

    /// <summary>The migration's file.</summary>
    public string Path { get; }

    /// <summary>The line of the failed statement (or of its step, when a check before commit refused it).</summary>
    public int Line { get; }

    /// <summary><c>up</c> or <c>down</c>.</summary>
    public string Operation { get; }

    /// <summary>The 1-based step that failed.</summary>
    public int Step { get; }

    /// <summary>The 1-based statement of the step that failed.</summary>
    public int Statement { get; }

    /// <summary>Whether the step ran in one transaction, so that nothing of it stays applied.</summary>
    public bool StepIsTransactional { get; }

    /// <summary>The database's own message, on one line.</summary>
    public string DatabaseError { get; }
}
