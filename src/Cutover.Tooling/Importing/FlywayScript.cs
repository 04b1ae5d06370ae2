using System.Text.RegularExpressions;

namespace Cutover.Importing;

/// <summary>What a Flyway SQL file is, by its name's prefix.</summary>
public enum FlywayScriptKind
{
    /// <summary><c>V&lt;version&gt;__&lt;description&gt;.sql</c>: a versioned migration, applied once in version order.</summary>
    Versioned,

    /// <summary><c>U&lt;version&gt;__&lt;description&gt;.sql</c>: the undo of the versioned migration of the same version.</summary>
    Undo,

    /// <summary><c>R__&lt;description&gt;.sql</c>: a repeatable script, run again whenever its checksum changes.</summary>
    Repeatable,
}

/// <summary>One SQL file of a Flyway folder, as Flyway's default naming reads it (prefix, version, <c>__</c>, description).</summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">Versioned, undo or repeatable.</param>
/// <param name="Version">The version as written (<c>1.1</c>, <c>2_0_1</c>); null for a repeatable script.</param>
/// <param name="Description">The description, with Flyway's underscores as written.</param>
public sealed partial record FlywayScript(string Path, FlywayScriptKind Kind, string? Version, string Description)
{
    // Flyway's defaults: prefixes V, U and R, the separator "__", the suffix ".sql"; version parts split on '.' or '_'.
    [GeneratedRegex(@"^(?<prefix>[VU])(?<version>\d+(?:[._]\d+)*)__(?<description>.+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedName();

    [GeneratedRegex(@"^R__(?<description>.+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatableName();

    /// <summary>The file's meaning, or null when its name does not follow Flyway's naming (Flyway would not run it either).</summary>
    public static FlywayScript? FromPath(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (VersionedName().Match(name) is { Success: true } versioned)
        {
            var kind = versioned.Groups["prefix"].Value == "V" ? FlywayScriptKind.Versioned : FlywayScriptKind.Undo;
            return new FlywayScript(path, kind, versioned.Groups["version"].Value, versioned.Groups["description"].Value);
        }
        return RepeatableName().Match(name) is { Success: true } repeatable
            ? new FlywayScript(path, FlywayScriptKind.Repeatable, null, repeatable.Groups["description"].Value)
            : null;
    }

    /// <summary>The version's numbers, for ordering as Flyway does (1.10 after 1.9; 1.0 equal to 1).</summary>
    public IReadOnlyList<long> VersionParts => FlywayVersionComparer.Parse(Version) ?? [];

    /// <summary>The file name, as messages and the imported file's header name it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
