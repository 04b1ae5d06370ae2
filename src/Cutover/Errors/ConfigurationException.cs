namespace Cutover;

/// <summary>The settings do not say what Cutover needs (no connection, an unknown setting …).</summary>
public sealed class ConfigurationException : InvalidInputException
{
    /// <summary>Creates the error; <paramref name="setting"/> names the setting at fault when one is.</summary>
    public ConfigurationException(string problem, string? setting = null, string? remedy = null, Exception? inner = null)
        : base(problem, remedy, inner) => Setting = setting;

    /// <summary>The setting at fault, when one is.</summary>
    public string? Setting { get; }
}
