namespace Cutover;

/// <summary>
/// Input Cutover refused before writing anything: a malformed file, an option out of range, a configuration or a
/// connection string it cannot use. Running again with the same input fails the same way.
/// </summary>
public abstract class InvalidInputException : CutoverException
{
    /// <summary>Creates the error.</summary>
    protected InvalidInputException(string message, string? remedy, Exception? inner) : base(message, remedy, inner)
    {
    }
}
