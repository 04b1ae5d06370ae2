using System.Reflection;
using Cutover.Sql;

namespace Cutover.Files;

/// <summary>
/// Loads migrations embedded in an assembly (<see cref="CutoverOptions.MigrationsAssembly"/>), the other source beside
/// <see cref="MigrationFolder"/>: an application that ships as one file has no migrations folder to deploy.
/// </summary>
internal static class MigrationResources
{
    /// <summary>
    /// Parses the <c>*.sql</c> resources of <paramref name="assembly"/> that sit in <paramref name="folder"/> and returns them
    /// sorted by id. Both names MSBuild can give a resource count: the default <c>&lt;RootNamespace&gt;.migrations.&lt;file&gt;.sql</c>
    /// (<c>&lt;EmbeddedResource Include="migrations/*.sql" /&gt;</c>) and a logical name <c>migrations/&lt;file&gt;.sql</c>.
    /// </summary>
    /// <exception cref="CutoverException">No migration is embedded, one is malformed, or two share an id (bad input).</exception>
    public static async Task<IReadOnlyList<MigrationFile>> LoadAsync(Assembly assembly, string folder, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(folder);
        var assemblyName = assembly.GetName().Name;
        var found = assembly.GetManifestResourceNames()
            .Select(resource => (Resource: resource, File: FileIn(resource, folder)))
            .Where(r => r.File is not null)
            .OrderBy(r => r.File, StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0)
        {
            // Zero files in a folder is a new project; zero resources is nearly always a forgotten EmbeddedResource item.
            throw new InvalidOptionException(nameof(CutoverOptions.MigrationsAssembly), assemblyName ?? assembly.FullName ?? "?",
                $"no migration is embedded in the folder '{folder}' of this assembly: add <EmbeddedResource Include=\"{folder}/*.sql\" /> to its project");
        }

        var files = new List<MigrationFile>(found.Count);
        var byId = new Dictionary<string, MigrationFile>(StringComparer.Ordinal);
        foreach (var (resource, file) in found)
        {
            // Named like a path so that errors read "embedded:App/migrations/20260101000000_x.sql:3: …" and the name parses.
            var path = $"embedded:{assemblyName}/{folder.TrimEnd('/', '\\')}/{file}";
            var bytes = await ReadAsync(assembly, resource, cancellationToken).ConfigureAwait(false);
            var parsed = MigrationFileParser.ParseBytes(path, bytes, dialect);
            if (byId.TryGetValue(parsed.Id, out var first))
                throw new InvalidMigrationNameException(path, $"duplicate migration id {parsed.Id} (also {first.FileName})", first.Path, "give one of them a new timestamp");
            byId.Add(parsed.Id, parsed);
            files.Add(parsed);
        }
        return files.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The file name of <paramref name="resource"/> when it is a <c>.sql</c> file directly in <paramref name="folder"/>; else null.</summary>
    internal static string? FileIn(string resource, string folder)
    {
        if (!resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            return null;
        var segments = folder.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);

        // A logical name keeps the path as written.
        var logicalPrefix = string.Join('/', segments) + "/";
        var normalised = resource.Replace('\\', '/');
        if (normalised.StartsWith(logicalPrefix, StringComparison.Ordinal))
        {
            var rest = normalised[logicalPrefix.Length..];
            return rest.Contains('/', StringComparison.Ordinal) ? null : rest;
        }

        // MSBuild's default name: dots for separators, each folder made a valid identifier; the file name is kept, and
        // a migration's name has exactly one dot (before "sql"), so the file is the last two dot-separated parts.
        var dottedFolder = string.Join('.', segments.Select(Identifier));
        var lastDot = resource.LastIndexOf('.', resource.Length - ".sql".Length - 1);
        if (lastDot < 0)
            return null;
        var before = resource[..lastDot];
        return before == dottedFolder || before.EndsWith("." + dottedFolder, StringComparison.Ordinal) ? resource[(lastDot + 1)..] : null;
    }

    /// <summary>How MSBuild names a folder inside a manifest resource name: invalid characters become '_', a leading digit gets '_'.</summary>
    private static string Identifier(string segment)
    {
        var chars = segment.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var name = new string(chars);
        return name.Length > 0 && char.IsDigit(name[0]) ? "_" + name : name;
    }

    private static async Task<byte[]> ReadAsync(Assembly assembly, string resource, CancellationToken cancellationToken)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the resource {resource} listed by {assembly.GetName().Name} cannot be opened");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
