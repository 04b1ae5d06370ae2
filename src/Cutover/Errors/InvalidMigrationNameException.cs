namespace Cutover;

/// <summary>
/// A migration's file name does not give it a usable id: it does not follow <c>yyyyMMddHHmmss_slug.sql</c>, or its id
/// is also another file's (<see cref="OtherFile"/>). The file needs a new name, with a new timestamp.
/// </summary>
public sealed class InvalidMigrationNameException : InvalidFileException
{
    /// <summary>Creates the error.</summary>
    public InvalidMigrationNameException(string path, string problem, string? otherFile = null, string? remedy = null)
        : base(path, 1, problem, remedy) => OtherFile = otherFile;

    /// <summary>The other file with the same id, when that is the problem.</summary>
    public string? OtherFile { get; }
}
