namespace Cutover;

/// <summary>
/// Input a tool was given that it cannot use — a git ref, a migration name, a file to rename, a folder — refused
/// before anything was written. The remedy may name the tool's commands: this is the tooling layer.
/// </summary>
public sealed class InvalidToolInputException : InvalidInputException
{
    /// <summary>Creates the error.</summary>
    public InvalidToolInputException(string message, string? remedy = null, Exception? inner = null) : base(message, remedy, inner)
    {
    }
}
