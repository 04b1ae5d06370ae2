namespace Cutover;

/// <summary>
/// An error Cutover reports to whoever called it: a one-line <see cref="Exception.Message"/> naming the file and
/// line (or the object) at fault, and the data behind it in the subclass's properties, so that a caller can act on
/// the kind of error instead of parsing sentences. Catch the subclasses; how a tool reports each to its
/// user is the tool's business.
/// </summary>
public abstract class CutoverException : Exception
{
    /// <summary>Creates an error with an optional remedy.</summary>
    protected CutoverException(string message, string? remedy, Exception? inner) : base(message, inner) => Remedy = remedy;

    /// <summary>
    /// What to change to get past the error when Cutover knows — in terms of files, the database or options, never
    /// of a particular tool's commands.
    /// </summary>
    public string? Remedy { get; }
}
