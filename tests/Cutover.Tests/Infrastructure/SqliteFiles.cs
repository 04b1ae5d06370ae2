namespace Cutover.Tests.Infrastructure;

/// <summary>A fresh SQLite database file per test.</summary>
internal static class SqliteFiles
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "cutover-tests", "sqlite-" + Environment.ProcessId);

    public static string NewDatabase() => $"Data Source={NewPath()};Pooling=False";

    /// <summary>The path of a database file that does not exist yet, in a folder that does.</summary>
    public static string NewPath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db");
    }
}
