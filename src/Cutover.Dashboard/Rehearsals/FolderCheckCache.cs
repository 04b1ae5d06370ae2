using Cutover.Checking;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>
/// The last <c>cutover check</c> of the migrations folder, kept until a file in it changes. Linting a thousand files takes
/// over 100 ms, and every migration page shows that check's findings for its own file; listing the folder to see whether
/// anything was added, removed, resized or touched takes about a millisecond.
/// </summary>
internal sealed class FolderCheckCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Signature, CheckReport Report)? _last;

    public async Task<CheckReport> RunAsync(CheckOptions options, CancellationToken cancellationToken)
    {
        var signature = Signature(options);
        if (_last is { } last && last.Signature == signature)
            return last.Report;
        // One check at a time: pages opened together wait for the first instead of each linting the folder.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last is { } done && done.Signature == signature)
                return done.Report;
            var report = await MigrationCheck.RunAsync(options, cancellationToken).ConfigureAwait(false);
            _last = (signature, report);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every file under the folder (migrations and cutover.sum) with its size and last write time, and the rules it was checked with.</summary>
    private static string Signature(CheckOptions options)
    {
        var folder = new DirectoryInfo(options.MigrationsFolder);
        IEnumerable<string> files = folder.Exists
            ? folder.EnumerateFiles("*", SearchOption.AllDirectories).Select(f => $"{f.FullName}|{f.Length}|{f.LastWriteTimeUtc.Ticks}").Order(StringComparer.Ordinal)
            : [];
        return string.Join('\n', files.Prepend($"{options.Lint.Dialect}|{options.BaseRef}"));
    }
}
