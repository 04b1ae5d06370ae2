using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover.Files;

/// <summary>
/// The options of a <c>-- cutover:backfill &lt;table&gt; [key=&lt;cols&gt;] [batch=&lt;n&gt;|auto] [pause=&lt;ms&gt;] [code=&lt;name&gt;]</c> line.
/// </summary>
/// <param name="Table">The table whose key ranges the batches walk, as written (it may be schema-qualified or quoted).</param>
/// <param name="Key">The key columns named with <c>key=</c>; null means the primary key (SQLite: the rowid when there is none).</param>
/// <param name="BatchSize">Rows per batch; null means <c>auto</c> (sized toward a target duration per batch).</param>
/// <param name="PauseMs">A pause after each batch, in milliseconds; null uses the configured default.</param>
/// <param name="Code">The name of a <see cref="Backfill.CodeBackfill"/> that computes new values in C#; null for a SQL backfill.</param>
public sealed partial record BackfillSpec(string Table, IReadOnlyList<string>? Key, int? BatchSize, int? PauseMs, string? Code)
{
    /// <summary>The largest batch a file may ask for.</summary>
    public const int MaxBatch = 1_000_000;

    [GeneratedRegex(@"^(?<name>[a-z]+)=(?<value>.+)$")]
    private static partial Regex Option();

    /// <summary>Parses the words after <c>backfill</c>; errors name <paramref name="path"/>:<paramref name="line"/>.</summary>
    internal static BackfillSpec Parse(string path, int line, IReadOnlyList<string> words)
    {
        const string Usage = "write -- cutover:backfill <table> [key=<col>[,<col>]] [batch=<n>|auto] [pause=<ms>] [code=<name>]";
        if (words.Count == 0 || words[0].Contains('='))
            throw new InvalidFileException(path, line, $"backfill step without a table", Usage);

        IReadOnlyList<string>? key = null;
        int? batch = null, pause = null;
        string? code = null;
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(1))
        {
            var match = Option().Match(word);
            var value = match.Groups["value"].Value;
            // A second batch= (or key=, pause=, code=) would silently win over the first: which one was meant?
            if (match.Success && !given.TryAdd(match.Groups["name"].Value, word))
                throw new InvalidFileException(path, line, $"backfill option {match.Groups["name"].Value}= given twice ({given[match.Groups["name"].Value]} and {word})",
                    "keep one of them");
            switch (match.Success ? match.Groups["name"].Value : "")
            {
                case "key":
                    key = value.Split(',').Select(c => c.Trim()).ToList();
                    if (key.Any(c => c.Length == 0))
                        throw new InvalidFileException(path, line, $"key={value} has an empty column name", "list the columns separated by commas, e.g. key=tenant_id,id");
                    break;
                case "batch" when value == "auto":
                    batch = null;
                    break;
                case "batch":
                    batch = Whole(path, line, "batch", value, 1, MaxBatch);
                    break;
                case "pause":
                    pause = Whole(path, line, "pause", value, 0, 600_000);
                    break;
                case "code":
                    code = value;
                    break;
                default:
                    throw new InvalidFileException(path, line, $"unknown backfill option '{word}'", Usage);
            }
        }
        return new BackfillSpec(words[0], key, batch, pause, code);
    }

    private static int Whole(string path, int line, string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new InvalidFileException(path, line, $"{name}={value} is not a whole number from {min} to {max}",
                name == "batch" ? "write batch=<rows per batch>, or batch=auto to size batches by their duration" : "write pause=<milliseconds between batches>");

    /// <summary>The directive's options as written back, for display.</summary>
    public override string ToString() =>
        string.Join(' ', new[]
        {
            Table,
            Key is null ? null : "key=" + string.Join(',', Key),
            "batch=" + (BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "auto"),
            PauseMs is { } p ? $"pause={p}" : null,
            Code is null ? null : "code=" + Code,
        }.Where(w => w is not null));
}
