namespace Cutover;

/// <summary>
/// An error Cutover reports to the user: a one-line <see cref="Exception.Message"/> that names the
/// file and line (or the object) at fault, an optional <see cref="Hint"/> saying what to do, and
/// the <see cref="ExitCode"/> the CLI exits with.
/// </summary>
public class CutoverException : Exception
{
    /// <summary>Creates an error with its exit code and an optional hint.</summary>
    public CutoverException(ExitCode exitCode, string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    /// <summary>The exit code the CLI uses for this error.</summary>
    public ExitCode ExitCode { get; }

    /// <summary>What the user should do about it, when Cutover knows.</summary>
    public string? Hint { get; }

    /// <summary>Bad input: arguments, configuration or a malformed file (exit code 2).</summary>
    public static CutoverException BadInput(string message, string? hint = null, Exception? inner = null) =>
        new(ExitCode.BadInput, message, hint, inner);

    /// <summary>An operation failed (exit code 1).</summary>
    public static CutoverException Failed(string message, string? hint = null, Exception? inner = null) =>
        new(ExitCode.Failed, message, hint, inner);

    /// <summary>Validation failed (exit code 4).</summary>
    public static CutoverException Invalid(string message, string? hint = null) =>
        new(ExitCode.ValidationFailed, message, hint);
}
