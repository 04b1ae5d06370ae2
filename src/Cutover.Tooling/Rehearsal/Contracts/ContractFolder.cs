using System.Text;
using Cutover.Sql;

namespace Cutover.Rehearsal.Contracts;

/// <summary>Loads the contracts folder: every <c>*.sql</c> file in it, one query each.</summary>
public static class ContractFolder
{
    /// <summary>
    /// Parses every <c>*.sql</c> file directly in <paramref name="folder"/> (not in sub-folders) and
    /// returns them sorted by file name. Contracts are optional: a missing folder gives an empty list.
    /// </summary>
    /// <exception cref="CutoverException">A file is not UTF-8, holds other than one query, or has a malformed <c>-- expect:</c> line (bad input naming <c>file:line</c>).</exception>
    public static async Task<IReadOnlyList<ContractQuery>> LoadAsync(string folder, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = false };
        var paths = Directory.EnumerateFiles(folder, "*.sql", options).OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
        var queries = new List<ContractQuery>(paths.Count);
        foreach (var path in paths)
        {
            var text = await ReadUtf8Async(path, cancellationToken).ConfigureAwait(false);
            queries.Add(Parse(path, text, dialect));
        }
        return queries;
    }

    /// <summary>Parses the text of one contract file; <paramref name="path"/> gives the name and is named in errors.</summary>
    /// <exception cref="CutoverException">The file holds other than one query, or has a malformed <c>-- expect:</c> line (bad input).</exception>
    public static ContractQuery Parse(string path, string text, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return ContractFileParser.Parse(path, text, dialect);
    }

    private static async Task<string> ReadUtf8Async(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            // Strict, as for migrations: a file in another encoding would run with replacement
            // characters in its string literals and compare against the wrong values.
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidFileException(path, 1, $"the file is not valid UTF-8", "save it as UTF-8", e);
        }
    }
}
