namespace Cutover;

/// <summary>An operation failed for a reason none of the more specific errors describes (a file that cannot be written, an external tool that failed, nothing recorded to compare with).</summary>
public sealed class OperationFailedException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public OperationFailedException(string message, string? remedy = null, Exception? inner = null) : base(message, remedy, inner)
    {
    }
}
