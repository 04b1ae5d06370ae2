using System.Globalization;
using Cutover.Backfill;

namespace Cutover.Configuration;

/// <summary>
/// The settings of <c>cutover.json</c> that must agree with each other — the first lock timeout no longer than the
/// largest, the smallest batch no larger than the largest, the first batch between them — checked with the file's
/// lines before anything connects. A setting left out counts at its default, and the message says so.
/// </summary>
internal static class ConfigRanges
{
    public static void Check(string path, IReadOnlyDictionary<string, (int Value, int Line)> numbers)
    {
        var retry = new LockRetryPolicy();
        var backfill = new BackfillOptions();
        NotAbove(path, numbers, ("lockTimeout.initialMs", (int)retry.InitialTimeout.TotalMilliseconds), ("lockTimeout.maxMs", (int)retry.MaxTimeout.TotalMilliseconds),
            "each retry's lock_timeout grows from initialMs up to maxMs");
        NotAbove(path, numbers, ("backfill.minBatch", backfill.MinBatch), ("backfill.maxBatch", backfill.MaxBatch),
            "auto-sized batches stay between minBatch and maxBatch");
        NotAbove(path, numbers, ("backfill.minBatch", backfill.MinBatch), ("backfill.initialBatch", backfill.InitialBatch),
            "the first auto-sized batch is within minBatch to maxBatch");
        NotAbove(path, numbers, ("backfill.initialBatch", backfill.InitialBatch), ("backfill.maxBatch", backfill.MaxBatch),
            "the first auto-sized batch is within minBatch to maxBatch");
    }

    /// <summary>Bad input, on the line of a setting the file gives, when <paramref name="low"/> is above <paramref name="high"/>.</summary>
    private static void NotAbove(string path, IReadOnlyDictionary<string, (int Value, int Line)> numbers, (string Name, int Default) low, (string Name, int Default) high, string why)
    {
        var (lowValue, lowSet) = Get(numbers, low);
        var (highValue, highSet) = Get(numbers, high);
        if (lowValue <= highValue || (lowSet is null && highSet is null))
            return;
        // Point at the setting written later in the file (or the only one written): the one that contradicts the other.
        var line = Math.Max(lowSet ?? 0, highSet ?? 0);
        throw new InvalidFileException(path, line,
            $"'{low.Name}' {Shown(lowValue, lowSet)} is above '{high.Name}' {Shown(highValue, highSet)}",
            $"{why}: raise '{high.Name}' or lower '{low.Name}'");
    }

    private static (int Value, int? Line) Get(IReadOnlyDictionary<string, (int Value, int Line)> numbers, (string Name, int Default) setting) =>
        numbers.TryGetValue(setting.Name, out var given) ? (given.Value, given.Line) : (setting.Default, null);

    private static string Shown(int value, int? line) =>
        value.ToString(CultureInfo.InvariantCulture) + (line is null ? " (the default)" : "");
}
