namespace Cutover;

/// <summary>A file Cutover reads (a migration, a contract, a configuration or sum file) is malformed or missing.</summary>
public class InvalidFileException : InvalidInputException
{
    /// <summary>Creates the error for <paramref name="path"/>, at <paramref name="line"/> when one line is at fault.</summary>
    public InvalidFileException(string path, int? line, string problem, string? remedy = null, Exception? inner = null)
        : base(line is null ? $"{path}: {problem}" : $"{path}:{line}: {problem}", remedy, inner)
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file at fault, as it was named to Cutover.</summary>
    public string Path { get; }

    /// <summary>The 1-based line at fault, or null when the file as a whole is.</summary>
    public int? Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
