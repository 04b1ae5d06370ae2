using System.Text;
using Cutover.Files;

namespace Cutover.Checking;

/// <summary>A migration file in the folder, by name, with the checksum of its text.</summary>
/// <param name="Path">The full path.</param>
/// <param name="FileName">The file name, e.g. <c>20260302090000_add_user_roles.sql</c>.</param>
/// <param name="Id">The 14-digit id.</param>
/// <param name="Checksum">The <see cref="MigrationChecksum"/> of its text.</param>
internal sealed record ScannedMigration(string Path, string FileName, string Id, string Checksum);

/// <summary>
/// What the integrity checks read from the migrations folder, once: every correctly named migration
/// with its checksum, and the <c>*.sql</c> files whose names do not follow the rule. Nothing is parsed,
/// so a malformed file does not hide the other findings.
/// </summary>
/// <param name="Folder">The full path of the folder.</param>
/// <param name="Migrations">Correctly named files, in ordinal file-name order (which is id order).</param>
/// <param name="BadlyNamed">Full paths of <c>*.sql</c> files whose names are not migration names, in file-name order.</param>
internal sealed record FolderScan(string Folder, IReadOnlyList<ScannedMigration> Migrations, IReadOnlyList<string> BadlyNamed)
{
    /// <summary>Reads the folder.</summary>
    /// <exception cref="CutoverException">The folder does not exist (bad input).</exception>
    public static async Task<FolderScan> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new InvalidOptionException(nameof(CutoverOptions.MigrationsFolder), full, "migrations folder not found");
        }

        // Case-insensitive like MigrationFolder, so that "X.SQL" is reported as a bad name rather than skipped.
        var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = false };
        var paths = Directory.EnumerateFiles(full, "*.sql", options).OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();

        var migrations = new List<ScannedMigration>(paths.Count);
        var badlyNamed = new List<string>();
        foreach (var path in paths)
        {
            if (MigrationName.TryParseFileName(path, out var id, out _))
            {
                var text = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
                migrations.Add(new ScannedMigration(path, Path.GetFileName(path), id, MigrationChecksum.Compute(text)));
            }
            else
            {
                badlyNamed.Add(path);
            }
        }
        return new FolderScan(full, migrations, badlyNamed);
    }

    /// <summary>
    /// Decodes a migration's bytes as UTF-8 the way git content is decoded, so that the same bytes give the
    /// same checksum here and on the base. Lenient: a file that is not UTF-8 is the parser's finding to
    /// report, and must not stop the integrity checks.
    /// </summary>
    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        Decode(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
}
