using Cutover.Checking;

namespace Cutover.Importing;

/// <summary>
/// An import read and checked, not yet written: the Cutover migration files another tool's migrations become, and the
/// importer's report of what it will do. Every importer plans first, so a refusal found anywhere writes nothing.
/// </summary>
/// <typeparam name="TReport">What the importer reports (the files written, the files skipped and why).</typeparam>
public sealed class ImportPlan<TReport>
{
    private readonly string _migrationsFolder;
    private readonly IReadOnlyList<ImportFile> _files;

    internal ImportPlan(string migrationsFolder, IReadOnlyList<ImportFile> files, TReport report)
    {
        _migrationsFolder = migrationsFolder;
        _files = files;
        Report = report;
    }

    /// <summary>What the import will write and what it skips.</summary>
    public TReport Report { get; }

    /// <summary>Writes the migration files and <c>cutover.sum</c>.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_migrationsFolder);
        foreach (var file in _files)
            await File.WriteAllTextAsync(file.Path, file.Text, cancellationToken).ConfigureAwait(false);
        await SumFile.WriteAsync(_migrationsFolder, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>One Cutover migration file an import will write.</summary>
internal sealed record ImportFile(string Path, string Text);
