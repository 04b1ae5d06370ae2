namespace Cutover.Tests;

/// <summary>
/// The checkout the tests run from. Found upward from the test binaries (bin/ sits inside the repo), never through
/// [CallerFilePath]: a CI build (CI=true sets ContinuousIntegrationBuild) maps source paths to /_/, which is no folder.
/// </summary>
internal static class RepositoryFolder
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Cutover.slnx")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No Cutover.slnx above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}
