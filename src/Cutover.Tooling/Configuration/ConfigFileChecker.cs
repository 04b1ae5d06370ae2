using System.Text;
using System.Text.Json;

namespace Cutover.Configuration;

/// <summary>
/// Walks <c>cutover.json</c> token by token before it is deserialised, so every mistake is reported with
/// the line it is on and in the words of the file (a setting name, "a whole number"), not as a .NET type
/// conversion failure. The serializer only ever sees a file this checker accepted.
/// </summary>
internal static class ConfigFileChecker
{
    private enum Expect { Text, TextList, PositiveNumber, NonNegativeNumber, Section }

    private sealed record Setting(string Name, Expect Expect, IReadOnlyList<Setting>? Children = null);

    private static readonly Setting[] LockTimeoutSettings =
    [
        new("initialMs", Expect.PositiveNumber),
        new("maxMs", Expect.PositiveNumber),
        new("attempts", Expect.PositiveNumber),
    ];

    private static readonly Setting[] BackfillSettings =
    [
        new("targetBatchMs", Expect.PositiveNumber),
        new("initialBatch", Expect.PositiveNumber),
        new("minBatch", Expect.PositiveNumber),
        new("maxBatch", Expect.PositiveNumber),
        new("pauseMs", Expect.NonNegativeNumber),
        new("maxActiveSessions", Expect.PositiveNumber),
        new("maxReplicationLagSeconds", Expect.PositiveNumber),
        new("logEvery", Expect.PositiveNumber),
        new("yieldBatchMs", Expect.PositiveNumber),
        new("yieldPauseMs", Expect.NonNegativeNumber),
        new("yieldHoldMs", Expect.NonNegativeNumber),
        new("slowCommitMs", Expect.PositiveNumber),
        new("slowCommitFactor", Expect.PositiveNumber),
        new("lockWaitToShrinkMs", Expect.PositiveNumber),
        new("maxPacingPauseMs", Expect.NonNegativeNumber),
        new("checkpointPauseMs", Expect.NonNegativeNumber),
        new("writebackAfterKb", Expect.NonNegativeNumber),
        new("workers", Expect.PositiveNumber),
    ];

    private static readonly Setting[] RootSettings =
    [
        new("connection", Expect.Text),
        new("migrations", Expect.Text),
        new("schemaFile", Expect.Text),
        new("schemas", Expect.TextList),
        new("lockWaitSeconds", Expect.PositiveNumber),
        new("archiveRetentionDays", Expect.NonNegativeNumber),
        new("rolloutSoakMinutes", Expect.NonNegativeNumber),
        new("lockTimeout", Expect.Section, LockTimeoutSettings),
        new("backfill", Expect.Section, BackfillSettings),
    ];

    /// <summary>
    /// Every setting the file may hold, sections spelled out as <c>section.name</c> — what the environment's
    /// <c>CUTOVER_*</c> variables and docs/configuration.md must cover (a test holds them to it).
    /// </summary>
    internal static IEnumerable<string> SettingNames() =>
        RootSettings.SelectMany(s => s.Expect == Expect.Section ? s.Children!.Select(c => $"{s.Name}.{c.Name}") : [s.Name]);

    internal static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Throws bad input naming <paramref name="path"/> and the line of the first problem in <paramref name="utf8"/>.</summary>
    public static void Check(string path, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            throw Invalid(path, 1, "the file is empty", "write {} for a file with no settings");
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            if (!reader.Read())
                throw Invalid(path, 1, "no settings, only comments", "write {} for a file with no settings");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Invalid(path, LineAt(utf8, reader.TokenStartIndex), "expected an object of settings, like { \"connection\": \"Data Source=app.db\" }", null);
            var numbers = new Dictionary<string, (int Value, int Line)>(StringComparer.Ordinal);
            CheckObject(path, utf8, ref reader, RootSettings, prefix: "", numbers);
            if (reader.Read())
                throw Invalid(path, LineAt(utf8, reader.TokenStartIndex), "more than one JSON value in the file", null);
            ConfigRanges.Check(path, numbers);
        }
        catch (JsonException e)
        {
            // The reader's own syntax errors: it knows the line (0-based); the message ends in a position we print ourselves.
            throw Invalid(path, (int)(e.LineNumber ?? 0) + 1, FirstSentence(e.Message), null, e);
        }
    }

    private static void CheckObject(
        string path, ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader, IReadOnlyList<Setting> settings, string prefix, Dictionary<string, (int Value, int Line)> numbers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyLine = LineAt(utf8, reader.TokenStartIndex);
            var name = reader.GetString()!;
            var setting = settings.FirstOrDefault(s => s.Name == name)
                ?? throw new InvalidFileException(path, keyLine, $"unknown setting '{prefix}{name}'", DidYouMean(name, settings, prefix));
            if (!seen.Add(name))
                throw new InvalidFileException(path, keyLine, $"'{prefix}{name}' is set twice", "keep one of them");

            reader.Read();
            var line = LineAt(utf8, reader.TokenStartIndex);
            var qualified = prefix + name;
            if (reader.TokenType == JsonTokenType.Null)
                continue;
            switch (setting.Expect)
            {
                case Expect.Text when reader.TokenType != JsonTokenType.String:
                    throw WrongType(path, line, qualified, "a string");
                case Expect.TextList:
                    CheckTextList(path, utf8, ref reader, qualified);
                    break;
                case Expect.PositiveNumber or Expect.NonNegativeNumber when reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out _):
                    throw WrongType(path, line, qualified, "a whole number");
                case Expect.PositiveNumber when reader.GetInt32() <= 0:
                    throw new InvalidFileException(path, line, $"'{qualified}' must be a positive number, not {reader.GetInt32()}",
                        "see docs/configuration.md for the defaults");
                case Expect.NonNegativeNumber when reader.GetInt32() < 0:
                    throw new InvalidFileException(path, line, $"'{qualified}' must be 0 or more, not {reader.GetInt32()}",
                        "see docs/configuration.md for the defaults");
                case Expect.PositiveNumber or Expect.NonNegativeNumber:
                    numbers[qualified] = (reader.GetInt32(), line);
                    break;
                case Expect.Section when reader.TokenType != JsonTokenType.StartObject:
                    throw WrongType(path, line, qualified, $"an object with {string.Join(", ", setting.Children!.Select(c => c.Name))}");
                case Expect.Section:
                    CheckObject(path, utf8, ref reader, setting.Children!, qualified + ".", numbers);
                    break;
            }
        }
    }

    /// <summary>A non-empty array of distinct, non-empty strings.</summary>
    private static void CheckTextList(string path, ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader, string name)
    {
        var line = LineAt(utf8, reader.TokenStartIndex);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw WrongType(path, line, name, "a list of names, like [\"public\"]");
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var itemLine = LineAt(utf8, reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } item)
                throw WrongType(path, itemLine, name, "a list of non-empty names");
            if (!names.Add(item))
                throw new InvalidFileException(path, itemLine, $"'{name}' lists '{item}' twice", "keep one of them");
        }
        if (names.Count == 0)
            throw new InvalidFileException(path, line, $"'{name}' is empty", "name at least one, e.g. [\"public\"], or leave the setting out");
    }

    private static InvalidFileException WrongType(string path, int line, string name, string expected) =>
        new InvalidFileException(path, line, $"'{name}' must be {expected}", "see docs/configuration.md for the format");

    private static InvalidFileException Invalid(string path, int line, string what, string? hint, Exception? inner = null) =>
        new InvalidFileException(path, line, $"invalid JSON: {what}", hint ?? "comments and trailing commas are allowed; everything else is plain JSON", inner);

    /// <summary>The closest known name when the typo is small; otherwise the names that are allowed here.</summary>
    private static string DidYouMean(string name, IReadOnlyList<Setting> settings, string prefix)
    {
        var best = settings.Select(s => (s.Name, Distance: Distance(name.ToLowerInvariant(), s.Name.ToLowerInvariant())))
            .OrderBy(c => c.Distance).First();
        return best.Distance <= Math.Max(2, best.Name.Length / 3)
            ? $"did you mean '{prefix}{best.Name}'?"
            : $"known settings{(prefix.Length > 0 ? $" in '{prefix.TrimEnd('.')}'" : "")}: {string.Join(", ", settings.Select(s => s.Name))}";
    }

    /// <summary>Levenshtein distance; the names are a few characters long, so the plain table is fine.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static int LineAt(ReadOnlySpan<byte> utf8, long offset) => utf8[..(int)offset].Count((byte)'\n') + 1;

    /// <summary>The reader's message without its trailing "LineNumber: … | BytePositionInLine: …".</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut < 0 ? message : message[..cut]).Trim().TrimEnd('.', ' ', '|');
        return text.ReplaceLineEndings(" ");
    }

    /// <summary>The UTF-8 bytes of a file without its byte-order mark, which the reader does not accept.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsMemory(Encoding.UTF8.Preamble.Length) : bytes;
}
