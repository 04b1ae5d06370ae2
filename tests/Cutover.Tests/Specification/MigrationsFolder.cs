namespace Cutover.Tests.Specification;

/// <summary>A throw-away migrations folder that tests write files into.</summary>
internal sealed class MigrationsFolder : IDisposable
{
    public MigrationsFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "cutover-tests", Guid.NewGuid().ToString("N"));
        Folder = System.IO.Path.Combine(Root, "migrations");
        Directory.CreateDirectory(Folder);
    }

    public string Root { get; }

    public string Folder { get; }

    public string Write(string id, string name, string text)
    {
        var path = System.IO.Path.Combine(Folder, $"{id}_{name}.sql");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A simple reversible migration that creates a table and inserts one row.</summary>
    public string WriteTable(string id, string table) => Write(id, "create_" + table, $"""
        -- why: tests need a table
        -- cutover:up
        CREATE TABLE {table} (id integer PRIMARY KEY, name text);
        INSERT INTO {table} (id, name) VALUES (1, 'first');
        -- cutover:down
        DROP TABLE {table};
        """);

    public void Delete(string id, string name) => File.Delete(System.IO.Path.Combine(Folder, $"{id}_{name}.sql"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
