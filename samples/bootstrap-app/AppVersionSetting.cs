namespace BootstrapApp;

/// <summary>Reads the version from <c>--version v1|v2</c> or <c>APP_VERSION</c>, the argument winning.</summary>
public static class AppVersionSetting
{
    public static AppVersion Read(string[] args)
    {
        var index = Array.IndexOf(args, "--version");
        var text = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable("APP_VERSION") ?? "v1";
        return text.Trim().ToLowerInvariant() switch
        {
            "v1" => AppVersion.V1,
            "v2" => AppVersion.V2,
            _ => throw new ArgumentException($"APP_VERSION / --version must be v1 or v2, not '{text}'"),
        };
    }

    /// <summary>The arguments without <c>--version &lt;v&gt;</c>, for the host's own command line.</summary>
    public static string[] WithoutVersion(string[] args)
    {
        var index = Array.IndexOf(args, "--version");
        return index < 0 ? args : [.. args[..index], .. args[Math.Min(index + 2, args.Length)..]];
    }

    public static string Label(this AppVersion version) => version == AppVersion.V1 ? "v1" : "v2";
}
