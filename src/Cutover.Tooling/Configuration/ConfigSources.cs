namespace Cutover.Configuration;

/// <summary>
/// Where settings come from besides <c>cutover.json</c>: the command line and the environment. The environment is a
/// lookup rather than the process's own, so a host (or a test) decides what Cutover sees.
/// </summary>
/// <param name="CurrentDirectory">The working directory: <c>cutover.json</c> is looked for here, and relative paths
/// given on the command line or in the environment start here.</param>
public sealed record ConfigSources(string CurrentDirectory)
{
    /// <summary>The config file named on the command line (<c>--config</c>); null for <c>cutover.json</c> when present.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The connection named on the command line (<c>--connection</c>); it beats the environment and the file.</summary>
    public string? ConnectionOption { get; init; }

    /// <summary>The migrations folder named on the command line (<c>--migrations</c>); it beats the environment and the file.</summary>
    public string? MigrationsOption { get; init; }

    /// <summary>The value of an environment variable, or null when it is not set; by default none is.</summary>
    public Func<string, string?> Environment { get; init; } = static _ => null;
}
