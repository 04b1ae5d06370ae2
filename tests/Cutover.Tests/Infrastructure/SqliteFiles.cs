namespace Cutover.Tests.Infrastructure;

/// <summary>A fresh SQLite database file per test.</summary>
internal static class SqliteFiles
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "cutover-tests", "sqlite-" + Environment.ProcessId);

    public static string NewDatabase()
    {
        Directory.CreateDirectory(Folder);
        return $"Data Source={Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db")};Pooling=False";
    }
}
