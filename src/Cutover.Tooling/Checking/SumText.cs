using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cutover.Files;

namespace Cutover.Checking;

/// <summary>One <c>&lt;file name&gt; &lt;checksum&gt;</c> line of <c>cutover.sum</c>.</summary>
internal sealed record SumEntry(string FileName, string Checksum, int Line);

/// <summary>A line of <c>cutover.sum</c> that is not in the format, or an unresolved merge conflict.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Message">What is wrong, naming the line(s).</param>
/// <param name="IsConflict">Whether it is a git conflict block rather than a hand-made mistake.</param>
internal sealed record SumProblem(int Line, string Message, bool IsConflict);

/// <summary>What a <c>cutover.sum</c> file says, read leniently so that every problem can be reported.</summary>
/// <param name="Entries">The file lines, including those inside conflict blocks (both sides).</param>
/// <param name="Problems">Malformed lines and conflict blocks, by line.</param>
/// <param name="HeaderHashMatches">Whether line 1 is a header whose hash matches the lines below it; null when line 1 is not a header or the file has a conflict.</param>
/// <param name="Normalised">The text with line endings normalised and a final newline, to compare with what <c>cutover sum</c> writes.</param>
internal sealed record ParsedSum(IReadOnlyList<SumEntry> Entries, IReadOnlyList<SumProblem> Problems, bool? HeaderHashMatches, string Normalised)
{
    /// <summary>Whether git left conflict markers in the file.</summary>
    public bool HasConflict => Problems.Any(p => p.IsConflict);
}

/// <summary>
/// The format of <c>cutover.sum</c> (version 1):
/// line 1 is <c>cutover-sum v1 &lt;sha256&gt;</c>, the hash of every following line joined with <c>\n</c>;
/// then one <c>&lt;file name&gt; &lt;checksum&gt;</c> line per migration in ordinal file-name order;
/// the file ends with a newline.
/// </summary>
internal static partial class SumText
{
    /// <summary>The start of line 1, naming the format and its version.</summary>
    public const string Magic = "cutover-sum v1";

    [GeneratedRegex(@"^cutover-sum v1 (?<hash>[0-9a-f]{64})$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^(?<name>\S+) (?<checksum>[0-9a-f]{64})$")]
    private static partial Regex EntryPattern();

    /// <summary>The text <c>cutover sum</c> writes for these migrations.</summary>
    public static string Format(IEnumerable<ScannedMigration> migrations)
    {
        var lines = migrations
            .OrderBy(m => m.FileName, StringComparer.Ordinal)
            .Select(m => $"{m.FileName} {m.Checksum}")
            .ToList();
        var text = new StringBuilder().Append(Magic).Append(' ').Append(HashOf(lines)).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads a <c>cutover.sum</c> text; never throws, every problem is in the result.</summary>
    public static ParsedSum Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // CRLF and a BOM are what a Windows checkout or an editor adds; they are not edits.
        var lines = MigrationText.Normalise(text).Split('\n').ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var entries = new List<SumEntry>();
        var problems = new List<SumProblem>();
        string? headerHash = null;
        int? conflictStart = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i];
            if (IsConflictMarker(line))
            {
                // Report a whole <<<<<<< … >>>>>>> block as one problem at its first line.
                if (line.StartsWith("<<<<<<<", StringComparison.Ordinal))
                {
                    conflictStart ??= number;
                }
                else if (line.StartsWith(">>>>>>>", StringComparison.Ordinal))
                {
                    var start = conflictStart ?? number;
                    problems.Add(new SumProblem(start, $"unresolved git merge conflict in cutover.sum (lines {start}-{number})", IsConflict: true));
                    conflictStart = null;
                }
                else if (conflictStart is null)
                {
                    problems.Add(new SumProblem(number, $"line {number} is a leftover git conflict marker '{Shorten(line)}'", IsConflict: true));
                }
                continue;
            }

            var header = HeaderPattern().Match(line);
            if (number == 1 && header.Success)
            {
                headerHash = header.Groups["hash"].Value;
                continue;
            }
            var entry = EntryPattern().Match(line);
            if (entry.Success)
            {
                entries.Add(new SumEntry(entry.Groups["name"].Value, entry.Groups["checksum"].Value, number));
            }
            else if (conflictStart is null || !header.Success)
            {
                // Inside a conflict block, each side's header line is expected; anything else is not.
                var expected = number == 1 ? $"`{Magic} <sha256>`" : "`<file name> <sha256>`";
                problems.Add(new SumProblem(number, $"line {number} is not {expected}: '{Shorten(line)}'", IsConflict: false));
            }
        }
        if (conflictStart is { } open)
        {
            problems.Add(new SumProblem(open, $"unresolved git merge conflict in cutover.sum (from line {open} to the end)", IsConflict: true));
        }
        if (lines.Count == 0)
        {
            problems.Add(new SumProblem(1, $"cutover.sum is empty: line 1 should be `{Magic} <sha256>`", IsConflict: false));
        }

        var hasConflict = problems.Any(p => p.IsConflict);
        if (!hasConflict)
        {
            problems.AddRange(Duplicates(entries));
        }
        bool? matches = headerHash is null || hasConflict ? null : headerHash == HashOf(lines.Skip(1));
        var normalised = string.Concat(lines.Select(l => l + "\n"));
        return new ParsedSum(entries, problems.OrderBy(p => p.Line).ToList(), matches, normalised);
    }

    private static IEnumerable<SumProblem> Duplicates(List<SumEntry> entries)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!first.TryAdd(entry.FileName, entry.Line))
            {
                yield return new SumProblem(entry.Line, $"line {entry.Line} lists {entry.FileName} again (also line {first[entry.FileName]})", IsConflict: false);
            }
        }
    }

    private static bool IsConflictMarker(string line) =>
        line.StartsWith("<<<<<<<", StringComparison.Ordinal) || line.StartsWith("=======", StringComparison.Ordinal)
        || line.StartsWith(">>>>>>>", StringComparison.Ordinal) || line.StartsWith("|||||||", StringComparison.Ordinal);

    private static string HashOf(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));

    // A finding is one line; a pasted-in paragraph must not make it many.
    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
