using Microsoft.Playwright;

namespace Cutover.Tests.Browser;

/// <summary>
/// Full-page screenshots, kept after the run for a person to look at: under &lt;repo root&gt;/artifacts/screenshots
/// (gitignored; .ci/run says where they went), or under $CUTOVER_SCREENSHOTS when set, as CI may collect them elsewhere.
/// </summary>
internal static class Screenshots
{
    public const string FolderVariable = "CUTOVER_SCREENSHOTS";

    /// <summary>Saves <paramref name="page"/> as &lt;folder&gt;/&lt;group&gt;/&lt;name&gt;.png and returns that path.</summary>
    public static async Task<string> SaveAsync(IPage page, string group, string name, CancellationToken cancellationToken)
    {
        // A group or name with a separator would write outside the folder, or into a folder nobody looks in.
        RequireFileName(name, nameof(name));
        var path = Path.Combine(Folder(group), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png }).WaitAsync(cancellationToken);
        return path;
    }

    /// <summary>The folder of <paramref name="group"/>'s screenshots, created if need be (a test may keep notes beside them).</summary>
    public static string Folder(string group)
    {
        RequireFileName(group, nameof(group));
        var folder = Path.Combine(Root(), group);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Root() =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(RepositoryFolder.Root(), "artifacts", "screenshots");


    private static void RequireFileName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || value is "." or "..")
            throw new ArgumentException($"'{value}' is not a plain file name.", parameter);
    }
}
