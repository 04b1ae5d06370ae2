namespace Cutover;

/// <summary>
/// The connection to the database was lost while a migration ran (the session was terminated, the server shut down or
/// restarted, the network failed). The step that was running did not finish: a transactional step rolled back with the
/// session; a statement of a no-transaction step either completed or did not. The history says where the migration
/// stands, so running it again resumes it.
/// </summary>
public sealed class ConnectionLostException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public ConnectionLostException(string migrationId, string operation, string cause, bool logged, string message, string? remedy, Exception? inner)
        : base(message, remedy, inner)
    {
        MigrationId = migrationId;
        Operation = operation;
        Cause = cause;
        Logged = logged;
    }

    /// <summary>The migration that was running.</summary>
    public string MigrationId { get; }

    /// <summary><c>up</c> or <c>down</c>.</summary>
    public string Operation { get; }

    /// <summary>Why the connection ended, as the driver and server said it (e.g. terminated by an administrator).</summary>
    public string Cause { get; }

    /// <summary>Whether the failure was written to the audit log (on a new connection, once the database answered again).</summary>
    public bool Logged { get; }
}
