using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cutover.Files;

/// <summary>Creates new migration files and a new project's <c>cutover.json</c> and migrations folder.</summary>
public static class MigrationScaffold
{
    /// <summary>The connection string written by <see cref="Init"/> when none is given.</summary>
    public const string DefaultConnection = "Data Source=app.db";

    /// <summary>The name of the configuration file written by <see cref="Init"/>.</summary>
    public const string ConfigFileName = "cutover.json";

    /// <summary>The migrations folder name written by <see cref="Init"/>, relative to the configuration file.</summary>
    public const string MigrationsFolderName = "migrations";

    /// <summary>The longest file name the common file systems store, in bytes.</summary>
    private const int MaxFileNameLength = 255;

    // The guidance sits in the header and the steps are left empty: a step with nothing under it fails to parse,
    // which is the point — the file must not run before someone has written the change. (A step with only a
    // comment would parse: it is how a migration that has nothing to do on an engine says so.)
    private const string Template =
        "-- why: <why this change is needed>\n" +
        "-- test: <what to check after it runs>\n" +
        "-- Write the change under cutover:up and the rollback under cutover:down (or replace the down step\n" +
        "-- with a 'cutover:irreversible <reason>' directive). Until both are written, the file does not run.\n" +
        "-- cutover:up\n" +
        "\n" +
        "-- cutover:down\n" +
        "\n";

    /// <summary>
    /// Writes a new migration file from the template and returns its path. The name is turned into a
    /// slug (<c>Add user-roles</c> becomes <c>add_user_roles</c>); the id is <paramref name="utcNow"/> to
    /// the second, moved on a second at a time while a migration with that id exists.
    /// </summary>
    /// <exception cref="CutoverException">The name is empty, has characters other than letters, digits, _, - and spaces, or makes a file name too long to store (bad input).</exception>
    public static string CreateMigration(string folder, string name, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(name);
        var slug = MigrationName.NormaliseSlug(name) ?? throw new InvalidToolInputException(
            $"bad migration name '{name}': use letters, digits, _, - and spaces",
            "for example: cutover new add_user_roles");

        // <id>_<slug>.sql must fit in one directory entry (255 bytes on Linux, macOS and Windows); the slug is ASCII.
        var longest = MaxFileNameLength - MigrationName.IdFormat.Length - "_.sql".Length;
        if (slug.Length > longest)
            throw new InvalidToolInputException(
                $"bad migration name: {slug.Length} characters make a file name longer than the file system allows ({MaxFileNameLength})",
                $"use at most {longest} characters, for example: cutover new add_user_roles");

        Directory.CreateDirectory(folder);
        var time = utcNow.Kind == DateTimeKind.Local ? utcNow.ToUniversalTime() : utcNow;
        while (true)
        {
            var id = time.ToString(MigrationName.IdFormat, CultureInfo.InvariantCulture);
            var taken = Directory.EnumerateFiles(folder, id + "_*.sql").Any();
            if (!taken)
            {
                var path = Path.Combine(folder, $"{id}_{slug}.sql");
                try
                {
                    // CreateNew: two `cutover new` at the same second must not overwrite each other.
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    stream.Write(Encoding.UTF8.GetBytes(Template));
                    return path;
                }
                catch (PathTooLongException)
                {
                    throw new InvalidToolInputException($"{path}: the path is longer than the file system allows",
                        "use a shorter name, or a migrations folder with a shorter path");
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Lost a race for this id; try the next second.
                }
            }
            time = time.AddSeconds(1);
        }
    }

    /// <summary>
    /// Creates <c>&lt;directory&gt;/cutover.json</c> (with <paramref name="connectionString"/>, or
    /// <see cref="DefaultConnection"/>) and the migrations folder (<paramref name="migrationsFolder"/>, relative to
    /// <paramref name="directory"/> unless rooted, or <c>&lt;directory&gt;/migrations/</c>), adds <see cref="IgnoredPatterns"/> to
    /// <c>&lt;directory&gt;/.gitignore</c>, and returns the paths it created. Nothing is written when <c>cutover.json</c>
    /// already exists.
    /// </summary>
    /// <exception cref="CutoverException"><c>cutover.json</c> already exists (bad input).</exception>
    public static IReadOnlyList<string> Init(string directory, string? connectionString, string? migrationsFolder = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var configPath = Path.Combine(directory, ConfigFileName);
        if (File.Exists(configPath))
        {
            throw new InvalidToolInputException($"{configPath}: already exists", "edit it, or run init in another folder");
        }

        var created = new List<string>();
        var migrations = Path.GetFullPath(Path.Combine(directory, string.IsNullOrWhiteSpace(migrationsFolder) ? MigrationsFolderName : migrationsFolder));
        // cutover.json names the folder relative to itself, with '/', so the file means the same in every clone on every OS.
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), migrations).Replace(Path.DirectorySeparatorChar, '/');
        if (!Directory.Exists(migrations))
        {
            Directory.CreateDirectory(migrations);
            created.Add(migrations);
        }

        using (var stream = new FileStream(configPath, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(ConfigJson(connectionString ?? DefaultConnection, relative));
        }
        created.Add(configPath);
        if (IgnoreLockFiles(directory) is { } gitignore)
            created.Add(gitignore);
        return created;
    }

    /// <summary>The files a SQLite database's migration lock leaves beside it, which belong in no repository.</summary>
    public static readonly IReadOnlyList<string> IgnoredPatterns = ["*.cutover-lock", "*.cutover-lock.info"];

    /// <summary>
    /// Adds <see cref="IgnoredPatterns"/> to <c>&lt;directory&gt;/.gitignore</c> where missing; returns its path when
    /// the file was created, null when it existed (and was completed) already.
    /// </summary>
    private static string? IgnoreLockFiles(string directory)
    {
        var path = Path.Combine(directory, ".gitignore");
        var existed = File.Exists(path);
        var text = existed ? File.ReadAllText(path) : "";
        var lines = text.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var missing = IgnoredPatterns.Where(p => !lines.Contains(p)).ToList();
        if (missing.Count == 0)
            return null;
        var prefix = text.Length > 0 && !text.EndsWith('\n') ? "\n" : "";
        File.AppendAllText(path, prefix + "# cutover: the migration lock of a SQLite database\n" + string.Join("", missing.Select(p => p + "\n")));
        return existed ? null : path;
    }

    private static byte[] ConfigJson(string connectionString, string migrationsFolder)
    {
        using var buffer = new MemoryStream();
        // The relaxed encoder keeps characters such as ' + & readable in a file people edit by hand;
        // the JSON is still valid and is never embedded in HTML.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteString("connection", connectionString);
            writer.WriteString("migrations", migrationsFolder);
            writer.WriteString("schemaFile", "schema.sql");
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
