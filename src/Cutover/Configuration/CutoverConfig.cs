using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutover.Configuration;

/// <summary>The contents of <c>cutover.json</c>; every setting is optional.</summary>
public sealed class CutoverConfig
{
    /// <summary>The connection string (the environment and <c>--connection</c> override it).</summary>
    public string? Connection { get; init; }

    /// <summary>The migrations folder, relative to the config file.</summary>
    public string? Migrations { get; init; }

    /// <summary>Seconds to wait for another runner's migration lock.</summary>
    public int? LockWaitSeconds { get; init; }

    /// <summary>lock_timeout growth and retries on PostgreSQL.</summary>
    public LockTimeoutConfig? LockTimeout { get; init; }

    /// <summary>Reads and checks a config file; every problem is bad input naming the file and line.</summary>
    public static async Task<CutoverConfig> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw CutoverException.BadInput($"{path}: config file not found", "check --config, or create one with `cutover init`");
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        CutoverConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, CutoverConfigJson.Default.CutoverConfig);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var setting = e.Path?.Split('.').LastOrDefault()?.Trim('$', '[', ']', '\'');
            if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
                throw CutoverException.BadInput($"{path}:{line}: unknown setting '{setting}'", $"known settings: {string.Join(", ", KnownSettings)}");
            var detail = setting is { Length: > 0 } ? $"'{setting}' has the wrong type" : "invalid JSON";
            throw CutoverException.BadInput($"{path}:{line}: {detail}: {FirstSentence(e.Message)}", "see docs/configuration.md for the format");
        }
        config ??= new CutoverConfig();
        Check(path, json, "lockWaitSeconds", config.LockWaitSeconds);
        Check(path, json, "initialMs", config.LockTimeout?.InitialMs);
        Check(path, json, "maxMs", config.LockTimeout?.MaxMs);
        Check(path, json, "attempts", config.LockTimeout?.Attempts);
        if (config.Migrations is { Length: 0 })
            throw CutoverException.BadInput($"{path}:{LineOf(json, "migrations")}: \"migrations\" is empty", "name the folder, e.g. \"migrations\"");
        return config;
    }

    internal static readonly string[] KnownSettings = ["connection", "migrations", "lockWaitSeconds", "lockTimeout { initialMs, maxMs, attempts }"];

    private static void Check(string path, string json, string name, int? value)
    {
        if (value is <= 0)
            throw CutoverException.BadInput($"{path}:{LineOf(json, name)}: \"{name}\" must be a positive number, not {value}", "see docs/configuration.md");
    }

    private static int LineOf(string json, string name)
    {
        var at = json.IndexOf($"\"{name}\"", StringComparison.Ordinal);
        return at < 0 ? 1 : json.AsSpan(0, at).Count('\n') + 1;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).ReplaceLineEndings(" ");
    }
}

/// <summary>The <c>lockTimeout</c> section of <c>cutover.json</c>.</summary>
public sealed class LockTimeoutConfig
{
    /// <summary>lock_timeout of the first attempt, in milliseconds.</summary>
    public int? InitialMs { get; init; }

    /// <summary>The largest lock_timeout, in milliseconds.</summary>
    public int? MaxMs { get; init; }

    /// <summary>How many attempts before failing.</summary>
    public int? Attempts { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CutoverConfig))]
internal sealed partial class CutoverConfigJson : JsonSerializerContext;
