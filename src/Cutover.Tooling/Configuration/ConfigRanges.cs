using System.Globalization;
using Cutover.Backfill;

namespace Cutover.Configuration;

/// <summary>
/// The settings of <c>cutover.json</c> that must agree with each other — the first lock timeout no longer than the
/// largest, the smallest batch no larger than the largest, the first batch between them — checked before anything
/// connects: in the file with its lines, and again once the environment's variables are laid over the file. A setting
/// left out counts at its default, and the message says so.
/// </summary>
internal static class ConfigRanges
{
    /// <summary>Two settings where <see cref="Low"/> may not be above <see cref="High"/>, and why.</summary>
    internal sealed record Ordering(string Low, string High, string Why);

    /// <summary>An <see cref="Ordering"/> the given values break; a value is null when the setting was not given.</summary>
    internal sealed record Contradiction(Ordering Ordering, int LowValue, int? LowGiven, int HighValue, int? HighGiven);

    internal static readonly Ordering[] Orderings =
    [
        new("lockTimeout.initialMs", "lockTimeout.maxMs", "each retry's lock_timeout grows from initialMs up to maxMs"),
        new("backfill.minBatch", "backfill.maxBatch", "auto-sized batches stay between minBatch and maxBatch"),
        new("backfill.minBatch", "backfill.initialBatch", "the first auto-sized batch is within minBatch to maxBatch"),
        new("backfill.initialBatch", "backfill.maxBatch", "the first auto-sized batch is within minBatch to maxBatch"),
    ];

    /// <summary>The default of a setting that takes part in an <see cref="Ordering"/>.</summary>
    internal static int Default(string setting)
    {
        var retry = new LockRetryPolicy();
        var backfill = new BackfillOptions();
        return setting switch
        {
            "lockTimeout.initialMs" => (int)retry.InitialTimeout.TotalMilliseconds,
            "lockTimeout.maxMs" => (int)retry.MaxTimeout.TotalMilliseconds,
            "backfill.minBatch" => backfill.MinBatch,
            "backfill.initialBatch" => backfill.InitialBatch,
            "backfill.maxBatch" => backfill.MaxBatch,
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "not a setting with a range"),
        };
    }

    /// <summary>The first ordering the values break, a setting <paramref name="given"/> leaves out counting at its default.</summary>
    internal static Contradiction? FirstContradiction(Func<string, int?> given)
    {
        foreach (var ordering in Orderings)
        {
            var (low, high) = (given(ordering.Low), given(ordering.High));
            var lowValue = low ?? Default(ordering.Low);
            var highValue = high ?? Default(ordering.High);
            if (lowValue > highValue && (low is not null || high is not null))
                return new Contradiction(ordering, lowValue, low, highValue, high);
        }
        return null;
    }

    /// <summary>Bad input on the line of a file's setting when two of the file's numbers (or defaults) contradict each other.</summary>
    public static void Check(string path, IReadOnlyDictionary<string, (int Value, int Line)> numbers)
    {
        if (FirstContradiction(name => numbers.TryGetValue(name, out var given) ? given.Value : null) is not { } c)
            return;
        var (low, high) = (c.Ordering.Low, c.Ordering.High);
        // Point at the setting written later in the file (or the only one written): the one that contradicts the other.
        var line = Math.Max(numbers.TryGetValue(low, out var l) ? l.Line : 0, numbers.TryGetValue(high, out var h) ? h.Line : 0);
        throw new InvalidFileException(path, line,
            $"'{low}' {Shown(c.LowValue, c.LowGiven)} is above '{high}' {Shown(c.HighValue, c.HighGiven)}",
            $"{c.Ordering.Why}: raise '{high}' or lower '{low}'");
    }

    private static string Shown(int value, int? given) =>
        value.ToString(CultureInfo.InvariantCulture) + (given is null ? " (the default)" : "");
}
