using System.Globalization;
using System.Text.Json;

namespace Cutover.Files;

/// <summary>Creates projects and migration files (`cutover init` and `cutover new`).</summary>
public static class MigrationScaffold
{
    /// <summary>
    /// Writes a new migration file named by the UTC time <paramref name="utcNow"/> and
    /// <paramref name="name"/> (normalised to lower snake case). If a file with that id exists, the id
    /// moves on by a second until it is free. Returns the file's path.
    /// </summary>
    public static string CreateMigration(string folder, string name, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = MigrationFileName.ToSlug(name);
        if (slug.Length == 0)
            throw CutoverException.BadInput($"new: '{name}' is not a usable migration name", "use letters and digits, e.g. `cutover new add_user_roles`");
        Directory.CreateDirectory(folder);

        var taken = Directory.GetFiles(folder, "*.sql").Select(p => Path.GetFileName(p)[..Math.Min(14, Path.GetFileName(p).Length)]).ToHashSet(StringComparer.Ordinal);
        var at = utcNow.ToUniversalTime();
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        while (taken.Contains(at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)))
            at = at.AddSeconds(1);

        var path = Path.Combine(folder, $"{at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}_{slug}.sql");
        File.WriteAllText(path, """
            -- why: <why this change is needed>
            -- test: <what to check once it has run>
            -- cutover:up
            -- write the change here

            -- cutover:down
            -- write what undoes it here (or replace this step with: -- cutover:irreversible <reason>)

            """);
        return path;
    }

    /// <summary>
    /// Creates <c>cutover.json</c> and <c>migrations/</c> in <paramref name="directory"/>. Refuses when
    /// <c>cutover.json</c> exists. Returns the paths created.
    /// </summary>
    public static IReadOnlyList<string> Init(string directory, string? connectionString)
    {
        var config = Path.Combine(directory, "cutover.json");
        if (File.Exists(config))
            throw CutoverException.BadInput($"{config}: already exists", "edit it, or run `cutover init` in another directory");
        var migrations = Path.Combine(directory, "migrations");
        var created = new List<string>();
        if (!Directory.Exists(migrations))
        {
            Directory.CreateDirectory(migrations);
            created.Add(migrations);
        }
        var connection = JsonEncodedText.Encode(connectionString ?? "Data Source=app.db", System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        File.WriteAllText(config, $$"""
            {
              "connection": "{{connection}}",
              "migrations": "migrations"
            }

            """);
        created.Add(config);
        return created;
    }
}
