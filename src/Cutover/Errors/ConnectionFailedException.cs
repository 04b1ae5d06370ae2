namespace Cutover;

/// <summary>
/// The database could not be reached or opened, or its connection string cannot be used. Nothing was written.
/// <see cref="Target"/> is safe to show: passwords are removed.
/// </summary>
public sealed class ConnectionFailedException : InvalidInputException
{
    /// <summary>Creates the error.</summary>
    public ConnectionFailedException(string target, string message, string? remedy = null, Exception? inner = null)
        : base(message, remedy, inner) => Target = target;

    /// <summary>The server, file or connection string (redacted) that failed.</summary>
    public string Target { get; }
}
