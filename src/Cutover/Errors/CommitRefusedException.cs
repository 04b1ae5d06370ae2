namespace Cutover;

/// <summary>
/// A provider's check before a step commits found the step's work invalid (SQLite's <c>foreign_key_check</c>):
/// the step's transaction is rolled back. Thrown by <see cref="IDatabaseProvider.VerifyBeforeCommitAsync"/>.
/// </summary>
public sealed class CommitRefusedException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public CommitRefusedException(string message, string? remedy = null) : base(message, remedy, null)
    {
    }
}
